using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using CalcinosisRegistry.Web.Components.Layout;
using CalcinosisRegistry.Web.Components.Pages;
using CalcinosisRegistry.Web.Components.Pages.Admin;
using CalcinosisRegistry.Web.Components.Pages.Cases;
using CalcinosisRegistry.Web.Session;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Scenario <c>web</c>: the server render of the web application's pages at each size in <c>--cases</c>
/// (cumulative). The embedded host runs in this process with access control on; cases are loaded over HTTP by a
/// researcher of one site, then each page is rendered as its user, in the page's layout, by Blazor's
/// <see cref="HtmlRenderer"/> with the host's services: the page's whole lifecycle (its grain calls, audit entries,
/// figures) until it is quiescent, and its HTML. The browser's and the circuit's transport are not included.
/// </summary>
public sealed class WebScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const double FloorP95Milliseconds = 200;
    private const string Site = "bench-web";
    private const int Renders = 100;
    private const int WarmupRenders = 5;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var host = new WebRenderHost($"bench-bootstrap-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}");
        host.StartServer();
        using var http = BenchmarkHttp.Create(options.Loaders * 2);
        var credentials = await SecurityProvisioning.ProvisionAsync(http, host.BaseAddress, host.BootstrapAdminToken, [Site], cancellationToken);
        var sessions = host.Services.GetRequiredService<SessionValidator>();
        var researcher = await SignInAsync(sessions, credentials.ResearcherToken);
        var analyst = await SignInAsync(sessions, credentials.AnalystToken);
        var admin = await SignInAsync(sessions, credentials.AdminToken);

        var cases = new CasePayloadFactory(seed: 11, sites: [Site]);
        var table = new ResultTable("Web: server render of a page (HtmlRenderer, in the page's layout, as its user)",
            "cases", "page", "user", "renders", "p50 ms", "p95 ms", "p99 ms", "HTML", "floor");
        var loaded = 0;
        foreach (var size in options.Cases)
        {
            BenchmarkReport.Progress($"web: loading {Format.Count(size - loaded)} cases (to {Format.Count(size)}) into site {Site}");
            var load = await LoadGenerator.RunAsync(http, new LoadPlan(options.Loaders, Duration: null, RequestLimit: size - loaded),
                () => cases.NewCreate(host.BaseAddress).WithBearer(credentials.ResearcherToken), LoadGenerator.IsCreated, cancellationToken);
            WriteLoad.ReportFailures("web preload", load);
            loaded += (int)load.Succeeded;
            await StatisticsReader.WaitForCasesAsync(http, host.BaseAddress, "all", loaded, TimeSpan.FromSeconds(120), cancellationToken, credentials.AdminToken);
            var caseId = await FirstCaseAsync(http, host.BaseAddress, credentials.ResearcherToken, cancellationToken);

            // Each page with what its finished render must contain, so an error page is never timed as a page.
            var pages = new (string Name, string User, ClaimsPrincipal Principal, string Path, Type Page, Dictionary<string, object> Parameters, string Shows)[]
            {
                ("case list", "researcher", researcher, $"/sites/{Site}/cases", typeof(CaseList), new() { ["SiteId"] = Site }, "data-testid=\"case-count\""),
                ("case view and timeline", "researcher", researcher, $"/sites/{Site}/cases/{caseId}", typeof(CaseView), new() { ["SiteId"] = Site, ["CaseId"] = caseId }, "data-testid=\"case-timeline\""),
                ("case editor", "researcher", researcher, $"/sites/{Site}/cases/{caseId}/edit", typeof(CaseEditor), new() { ["SiteId"] = Site, ["CaseId"] = caseId }, "id=\"f-lastFollowUpDay\""),
                ("outcomes (all types)", "analyst", analyst, "/outcomes/all", typeof(OutcomesPage), new() { ["Type"] = "all" }, "data-testid=\"km-plot\""),
                ("outcomes (all types)", "admin", admin, "/outcomes/all", typeof(OutcomesPage), new() { ["Type"] = "all" }, "data-testid=\"km-plot\""),
                ("audit trail", "admin", admin, "/admin/audit", typeof(AuditTrail), [], "aria-label=\"Audit entries\""),
            };
            foreach (var (name, user, principal, path, page, parameters, shows) in pages)
            {
                var (latency, htmlLength) = await MeasureAsync(host, principal, path, page, parameters, shows, cancellationToken);
                BenchmarkReport.Progress($"web at {Format.Count(size)}: {name} as {user}: p50 {Format.Ms(latency.P50)} ms, p95 {Format.Ms(latency.P95)} ms");
                table.AddRow(Format.Count(size), name, user, Renders.ToString(CultureInfo.InvariantCulture), Format.Ms(latency.P50), Format.Ms(latency.P95),
                    Format.Ms(latency.P99), Format.Bytes(htmlLength), $"p95 ≤ 200 ms: {Format.Verdict(latency.P95 <= FloorP95Milliseconds)}");
            }
        }

        table.AddNote($"Cases loaded over HTTP by a researcher of site {Site} ({options.Loaders} clients), sizes cumulative in one host; each page rendered {Renders} times one after another after {WarmupRenders} warm-up renders, each in a fresh DI scope as a new circuit would be. The analyst sees rounded figures, the admin exact ones; the audit trail (in memory) holds every write's entry. The host runs in the benchmark's process with access control on (Registry:Security:Enabled=true and the rate limit lifted, set by the scenario; the report's silo environment line does not apply).");
        report.Add(table);
    }

    private static async Task<ClaimsPrincipal> SignInAsync(SessionValidator sessions, string token) =>
        await sessions.SignInAsync(token) ?? throw new InvalidOperationException("A provisioned token did not sign in.");

    private static async Task<string> FirstCaseAsync(HttpClient http, Uri baseAddress, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, $"/api/sites/{Site}/cases?limit=1")).WithBearer(token);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return list.RootElement.GetProperty("items")[0].GetProperty("caseId").GetString()!;
    }

    private static async Task<(LatencySummary Latency, int HtmlLength)> MeasureAsync(
        WebRenderHost host, ClaimsPrincipal user, string path, Type page, Dictionary<string, object> parameters, string shows, CancellationToken cancellationToken)
    {
        var samples = new List<double>(Renders);
        var htmlLength = 0;
        for (var run = 0; run < WarmupRenders + Renders; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            var html = await RenderAsync(host, user, path, page, parameters);
            if (run >= WarmupRenders)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            if (!html.Contains(shows, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{path} rendered without {shows}: {html[..Math.Min(html.Length, 2000)]}");
            }

            htmlLength = html.Length;
        }

        return (LatencySummary.FromMilliseconds(samples), htmlLength);
    }

    /// <summary>One render of a page in its layout, as a new circuit of that user would do it.</summary>
    private static async Task<string> RenderAsync(WebRenderHost host, ClaimsPrincipal user, string path, Type page, Dictionary<string, object> parameters)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (services.GetRequiredService<NavigationManager>() is IHostEnvironmentNavigationManager navigation)
        {
            navigation.Initialize(host.BaseAddress.ToString(), new Uri(host.BaseAddress, path).ToString());
        }

        ((IHostEnvironmentAuthenticationStateProvider)services.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            RenderFragment body = builder =>
            {
                builder.OpenComponent(0, page);
                builder.AddMultipleAttributes(1, parameters);
                builder.CloseComponent();
            };
            var output = await renderer.RenderComponentAsync<LayoutView>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(LayoutView.Layout)] = typeof(MainLayout),
                [nameof(LayoutView.ChildContent)] = body,
            }));
            return output.ToHtmlString();
        });
    }
}
