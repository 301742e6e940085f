using System.Text.Json;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Domain.Access;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Domain.Validation;
using CalcinosisRegistry.Endpoints.Security;

namespace CalcinosisRegistry.Silo.Hosting;

/// <summary>
/// <c>--demo</c>: submits a synthetic cohort through the same validation and grains as the API, so a new user sees
/// statistics at once, then prints what a new user needs to go on: the demo's sites, a ready researcher token (all
/// demo sites), an analyst token, and the admin token. Every case goes through the validator, which also proves the
/// generator writes valid cases. The demo's sites leave out <c>north-general</c>, the site the README provisions.
/// </summary>
internal sealed class DemoCohortLoader(
    IGrainFactory grains, IHostApplicationLifetime lifetime, TimeProvider clock, BootstrapAdminToken bootstrap, ILogger<DemoCohortLoader> logger) : BackgroundService
{
    private const int DemoCases = 400;
    private const int DemoTokenDays = 30;

    /// <summary>The line the demo prints when it is ready (tests wait for it).</summary>
    public const string ReadyMarker = "Demo ready";

    public static readonly IReadOnlyList<string> DemoSites = ["lakeside-univ", "riverside-childrens", "harbour-renal", "capital-rheum", "valley-derm"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenStartedAsync(stoppingToken);
        var access = grains.GetRegistryGrain<IAccessControlGrain>(RegistryKeys.AccessControl);
        foreach (var site in DemoSites)
        {
            await access.AddSiteAsync(site, $"Synthetic demo site {site}");
        }

        var loaded = 0;
        foreach (var batch in SyntheticCohort.Generate(DemoCases, sites: DemoSites).Chunk(32))
        {
            await Task.WhenAll(batch.Select(async synthetic =>
            {
                var validation = CaseDocumentValidator.Validate(JsonSerializer.SerializeToUtf8Bytes(synthetic.Document, CaseJson.Options), clock.GetUtcNow().Year);
                if (!validation.IsValid)
                {
                    throw new InvalidOperationException($"The synthetic case {synthetic.Document.CaseId} is not valid: {string.Join("; ", validation.Errors)}");
                }

                // The loader submits as a researcher of each case's own site, like a site's script would.
                RequestContext.Set(CallerContext.Key, new CallerIdentity("demo-loader", RegistryRole.Researcher, [synthetic.SiteId]));
                await grains.GetRegistryGrain<ICaseGrain>(RegistryKeys.Case(synthetic.SiteId, synthetic.Document.CaseId))
                    .PutAsync(validation.Document!, validation.Warnings, ifMatch: null);
            }));
            loaded += batch.Length;
        }

        var researcher = await DemoTokenAsync(access, "demo-researcher", "Demo researcher (all demo sites)", RegistryRole.Researcher, DemoSites);
        var analyst = await DemoTokenAsync(access, "demo-analyst", "Demo analyst", RegistryRole.Analyst, []);
        var admin = bootstrap.Token is { } generated
            ? $"export REGISTRY_ADMIN_TOKEN={generated}"
            : "# REGISTRY_ADMIN_TOKEN: the token you set in Registry__BootstrapAdminToken";
        logger.LogWarning(
            ReadyMarker + ": {Cases} synthetic cases across the sites {Sites}. Tokens, valid for {Days} days (paste into your shell):" +
            "\n  {Admin}\n  export REGISTRY_RESEARCHER_TOKEN={Researcher}\n  export REGISTRY_ANALYST_TOKEN={Analyst}" +
            "\nTry: curl 'http://localhost:5080/api/statistics?curve=false' -H \"Authorization: Bearer $REGISTRY_ANALYST_TOKEN\"",
            loaded, string.Join(", ", DemoSites), DemoTokenDays, admin, researcher, analyst);
    }

    /// <summary>A demo user and a fresh token for it; the user survives a restart of a durable demo, so it may exist.</summary>
    private async Task<string> DemoTokenAsync(IAccessControlGrain access, string userId, string displayName, RegistryRole role, IReadOnlyList<string> sites)
    {
        var created = await access.CreateUserAsync(userId, displayName, role, sites, oidcSubject: null);
        if (created.Error is not null and not AccessChangeError.AlreadyExists)
        {
            throw new InvalidOperationException($"The demo user {userId} could not be created: {created.Message}");
        }

        var issued = await access.IssueTokenAsync(userId, "demo", clock.GetUtcNow().AddDays(DemoTokenDays));
        return issued.Value?.Token ?? throw new InvalidOperationException($"No demo token for {userId}: {issued.Message}");
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        return started.Task;
    }
}
