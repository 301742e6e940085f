using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Scenario 3: how long after a write is acknowledged it shows in the statistics, for an admin (the exact view) and
/// for an analyst (the suppressed view, which has its own refresh). Access control is on; the run provisions a
/// researcher (who writes), an analyst and an admin. One probe at a time writes a new iatrogenic case, then polls
/// that type's summary as both readers, alternately, until each sees <c>casesIncluded</c> grow. The light
/// background load only writes the other types, so only the probe can make the iatrogenic count grow.
/// </summary>
public sealed class VisibilityScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const CalcinosisType ProbeType = CalcinosisType.Iatrogenic;
    private const int BackgroundWriters = 2;
    private const double FloorP99Milliseconds = 1_000;
    private static readonly TimeSpan BackgroundPause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(5);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = BenchmarkHttp.Create(16);
        var bootstrapAdminToken = $"bench-bootstrap-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
        var environment = new Dictionary<string, string>(options.SiloEnvironment, StringComparer.Ordinal)
        {
            ["Registry__Security__Enabled"] = "true",
            ["Registry__BootstrapAdminToken"] = bootstrapAdminToken,
            // Under rounding (the default) one more case changes the analyst's count only at a band's edge, so a probe
            // could not see its own write; suppression publishes every count from k up exactly. Both methods are
            // served by the same published-statistics grain and its read-time refresh, which is what is measured.
            ["Registry__Disclosure__Method"] = "suppress",
        };
        await using var silo = await SiloLauncher.StartAsync(options, "embedded", connectionString: null, http, cancellationToken, environment);
        var credentials = await SecurityProvisioning.ProvisionAsync(http, silo.BaseAddress, bootstrapAdminToken, SyntheticCohort.DefaultSites, cancellationToken);
        var probeType = CaseJson.ToWireName(ProbeType);
        var probes = new CasePayloadFactory(seed: 3, accept: type => type == ProbeType, templateCount: 256);
        var background = new CasePayloadFactory(seed: 4, accept: type => type != ProbeType);
        var warmup = options.WarmupOr(3);
        var duration = options.DurationOr(30);
        VisibilityReader[] readers = [new("admin (exact)", credentials.AdminToken), new("analyst (suppressed)", credentials.AnalystToken)];

        using var stopBackground = new CancellationTokenSource();
        var backgroundLoad = LoadGenerator.RunAsync(http, new LoadPlan(BackgroundWriters, Duration: null, PauseBetweenRequests: BackgroundPause),
            () => background.NewCreate(silo.BaseAddress).WithBearer(credentials.ResearcherToken), LoadGenerator.IsCreated, cancellationToken, stopBackground.Token);

        BenchmarkReport.Progress($"visibility: warm-up {warmup.TotalSeconds:0.#} s, then probing for {duration.TotalSeconds:0.#} s");
        await ProbeAsync(http, silo.BaseAddress, probes, probeType, credentials.ResearcherToken, readers, warmup, cancellationToken);
        foreach (var reader in readers)
        {
            reader.Reset();
        }

        await ProbeAsync(http, silo.BaseAddress, probes, probeType, credentials.ResearcherToken, readers, duration, cancellationToken);
        await stopBackground.CancelAsync();
        var backgroundWrites = await backgroundLoad;
        WriteLoad.ReportFailures("visibility background", backgroundWrites);

        var table = new ResultTable("Visibility: write acknowledged → counted in the statistics (embedded silo, access control on)",
            "reader", "probes", "p50 ms", "p90 ms", "p99 ms", "max ms", $"not visible in {GiveUpAfter.TotalSeconds:0} s", "background writes/s", "floor p99 ≤ 1 s");
        foreach (var reader in readers)
        {
            var summary = LatencySummary.FromMilliseconds(reader.Delays);
            BenchmarkReport.Progress($"visibility as {reader.Name}: {summary.Count} probes, p50 {Format.Ms(summary.P50)} ms, p99 {Format.Ms(summary.P99)} ms, {reader.Invisible} not visible within {GiveUpAfter.TotalSeconds:0} s");
            table.AddRow(reader.Name, summary.Count.ToString(CultureInfo.InvariantCulture), Format.Ms(summary.P50), Format.Ms(summary.P90), Format.Ms(summary.P99),
                Format.Ms(summary.Max), reader.Invisible.ToString(CultureInfo.InvariantCulture), Format.Rate(backgroundWrites.PerSecond),
                Format.Verdict(summary.Count > 0 && summary.P99 <= FloorP99Milliseconds && reader.Invisible == 0));
        }

        table.AddNote("The analyst's view runs under Registry__Disclosure__Method=suppress: a rounded count moves only at a band's edge, so one write is not observable there; rounding and suppression share the refresh being measured.");
        table.AddNote($"Each probe: read {probeType} casesIncluded as both readers, PUT a new {probeType} case as the researcher, and from its 201 poll GET /api/statistics/types/{probeType}?curve=false as the admin and the analyst in turn, every {PollInterval.TotalMilliseconds:0} ms, until each sees the count grow (resolution ≈ two poll round trips).");
        table.AddNote($"Background: {BackgroundWriters} writers of the other types, {BackgroundPause.TotalMilliseconds:0} ms pause between writes.");
        report.Add(table);
    }

    private static async Task ProbeAsync(
        HttpClient http, Uri baseAddress, CasePayloadFactory probes, string probeType, string writerToken, VisibilityReader[] readers, TimeSpan duration, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var before = new int?[readers.Length];
            for (var i = 0; i < readers.Length; i++)
            {
                before[i] = await CasesIncludedAsync(http, baseAddress, probeType, readers[i].Token, cancellationToken);
            }

            using (var write = probes.NewCreate(baseAddress).WithBearer(writerToken))
            using (var response = await http.SendAsync(write, cancellationToken))
            {
                if (!LoadGenerator.IsCreated(response))
                {
                    throw new InvalidOperationException($"A probe write failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }

            var acknowledged = Stopwatch.GetTimestamp();
            // A reader whose count was suppressed before the write (a small count) cannot see it grow: not measured.
            var waiting = Enumerable.Range(0, readers.Length).Where(i => before[i] is not null).ToHashSet();
            while (waiting.Count > 0)
            {
                foreach (var i in waiting.ToList())
                {
                    var included = await CasesIncludedAsync(http, baseAddress, probeType, readers[i].Token, cancellationToken);
                    var waited = Stopwatch.GetElapsedTime(acknowledged);
                    if (included > before[i])
                    {
                        readers[i].Delays.Add(waited.TotalMilliseconds);
                        waiting.Remove(i);
                    }
                    else if (waited > GiveUpAfter)
                    {
                        readers[i].Invisible++;
                        waiting.Remove(i);
                    }
                }

                if (waiting.Count > 0)
                {
                    await Task.Delay(PollInterval, cancellationToken);
                }
            }

            // Spread the probes' phase against the silo's refresh timers.
            await Task.Delay(Random.Shared.Next(5, 40), cancellationToken);
        }
    }

    /// <summary><c>casesIncluded</c>, or null when the view suppresses it (a count from 1 to k−1).</summary>
    private static async Task<int?> CasesIncludedAsync(HttpClient http, Uri baseAddress, string type, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, $"/api/statistics/types/{type}?curve=false")).WithBearer(token);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var included = json.RootElement.GetProperty("casesIncluded");
        return included.ValueKind == JsonValueKind.Number ? included.GetInt32() : null;
    }
}
