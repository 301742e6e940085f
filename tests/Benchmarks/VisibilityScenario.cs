using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics.Disclosure;
using CalcinosisRegistry.Domain.Synthetic;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Scenario 3: how long after a write is acknowledged it shows in the statistics, for an admin (the exact view) and
/// for an analyst under each disclosure method, on a fresh silo per method. Access control is on; each run provisions
/// a researcher (who writes), an analyst and an admin. One probe at a time writes new iatrogenic cases, then polls
/// that type's summary until each reader sees <c>casesIncluded</c> grow. The light background load only writes the
/// other types, so only the probes make the iatrogenic count grow, and the probe knows the exact count.
/// <list type="bullet">
/// <item><c>round</c> (the default): a rounded count moves only at a band's edge, so the probe writes as many cases
///   as take the exact count into the next band (one to six) and times the analyst from the last one's 201.</item>
/// <item><c>suppress</c>: every count from k up is published exactly, so one case per probe, timed for the admin
///   and the analyst, whose linked-views audit runs off the read path.</item>
/// </list>
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
        foreach (var method in new[] { "round", "suppress" })
        {
            await RunAsync(method, cancellationToken);
        }
    }

    private async Task RunAsync(string method, CancellationToken cancellationToken)
    {
        using var http = BenchmarkHttp.Create(16);
        var bootstrapAdminToken = $"bench-bootstrap-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
        var environment = new Dictionary<string, string>(options.SiloEnvironment, StringComparer.Ordinal)
        {
            ["Registry__Security__Enabled"] = "true",
            ["Registry__BootstrapAdminToken"] = bootstrapAdminToken,
            ["Registry__Disclosure__Method"] = method,
        };
        await using var silo = await SiloLauncher.StartAsync(options, "embedded", connectionString: null, http, cancellationToken, environment);
        var credentials = await SecurityProvisioning.ProvisionAsync(http, silo.BaseAddress, bootstrapAdminToken, SyntheticCohort.DefaultSites, cancellationToken);
        var probeType = CaseJson.ToWireName(ProbeType);
        var probes = new CasePayloadFactory(seed: 3, accept: type => type == ProbeType, templateCount: 256);
        var background = new CasePayloadFactory(seed: 4, accept: type => type != ProbeType);
        var warmup = options.WarmupOr(3);
        var duration = options.DurationOr(30);
        VisibilityReader[] readers = method == "round"
            ? [new($"analyst (rounded to {RoundedDisclosure.DefaultRoundTo})", credentials.AnalystToken)]
            : [new("admin (exact)", credentials.AdminToken), new("analyst (suppressed)", credentials.AnalystToken)];
        var probe = new VisibilityProbe(probes, probeType, credentials.ResearcherToken,
            await CasesIncludedAsync(http, silo.BaseAddress, probeType, credentials.AdminToken, cancellationToken) ?? 0,
            roundTo: method == "round" ? RoundedDisclosure.DefaultRoundTo : null);

        using var stopBackground = new CancellationTokenSource();
        var backgroundLoad = LoadGenerator.RunAsync(http, new LoadPlan(BackgroundWriters, Duration: null, PauseBetweenRequests: BackgroundPause),
            () => background.NewCreate(silo.BaseAddress).WithBearer(credentials.ResearcherToken), LoadGenerator.IsCreated, cancellationToken, stopBackground.Token);

        BenchmarkReport.Progress($"visibility ({method}): warm-up {warmup.TotalSeconds:0.#} s, then probing for {duration.TotalSeconds:0.#} s");
        await ProbeAsync(http, silo.BaseAddress, probe, readers, warmup, cancellationToken);
        foreach (var reader in readers)
        {
            reader.Reset();
        }

        await ProbeAsync(http, silo.BaseAddress, probe, readers, duration, cancellationToken);
        await stopBackground.CancelAsync();
        var backgroundWrites = await backgroundLoad;
        WriteLoad.ReportFailures("visibility background", backgroundWrites);

        var table = new ResultTable($"Visibility: write acknowledged → counted in the statistics (embedded silo, access control on, Registry__Disclosure__Method={method})",
            "reader", "probes", "p50 ms", "p90 ms", "p99 ms", "max ms", $"not visible in {GiveUpAfter.TotalSeconds:0} s", "background writes/s", "floor p99 ≤ 1 s");
        foreach (var reader in readers)
        {
            var summary = LatencySummary.FromMilliseconds(reader.Delays);
            BenchmarkReport.Progress($"visibility as {reader.Name}: {summary.Count} probes, p50 {Format.Ms(summary.P50)} ms, p99 {Format.Ms(summary.P99)} ms, {reader.Invisible} not visible within {GiveUpAfter.TotalSeconds:0} s");
            table.AddRow(reader.Name, summary.Count.ToString(CultureInfo.InvariantCulture), Format.Ms(summary.P50), Format.Ms(summary.P90), Format.Ms(summary.P99),
                Format.Ms(summary.Max), reader.Invisible.ToString(CultureInfo.InvariantCulture), Format.Rate(backgroundWrites.PerSecond),
                Format.Verdict(summary.Count > 0 && summary.P99 <= FloorP99Milliseconds && reader.Invisible == 0));
        }

        table.AddNote(method == "round"
            ? $"Each probe: read {probeType} casesIncluded as the analyst, PUT as many new {probeType} cases as take the exact count into the next rounding band, and from the last 201 poll GET /api/statistics/types/{probeType}?curve=false every {PollInterval.TotalMilliseconds:0} ms until the rounded count grows."
            : $"Each probe: read {probeType} casesIncluded as both readers, PUT a new {probeType} case as the researcher, and from its 201 poll GET /api/statistics/types/{probeType}?curve=false as the admin and the analyst in turn, every {PollInterval.TotalMilliseconds:0} ms, until each sees the count grow (resolution ≈ two poll round trips).");
        table.AddNote($"Background: {BackgroundWriters} writers of the other types, {BackgroundPause.TotalMilliseconds:0} ms pause between writes.");
        report.Add(table);
    }

    private static async Task ProbeAsync(
        HttpClient http, Uri baseAddress, VisibilityProbe probe, VisibilityReader[] readers, TimeSpan duration, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var before = new int?[readers.Length];
            for (var i = 0; i < readers.Length; i++)
            {
                before[i] = await CasesIncludedAsync(http, baseAddress, probe.Type, readers[i].Token, cancellationToken);
            }

            for (var written = probe.CasesToWrite(); written > 0; written--)
            {
                using var write = probe.Factory.NewCreate(baseAddress).WithBearer(probe.WriterToken);
                using var response = await http.SendAsync(write, cancellationToken);
                if (!LoadGenerator.IsCreated(response))
                {
                    throw new InvalidOperationException($"A probe write failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }

                probe.Written();
            }

            var acknowledged = Stopwatch.GetTimestamp();
            // A reader whose count was suppressed before the write (a small count) cannot see it grow: not measured.
            var waiting = Enumerable.Range(0, readers.Length).Where(i => before[i] is not null).ToHashSet();
            while (waiting.Count > 0)
            {
                foreach (var i in waiting.ToList())
                {
                    var included = await CasesIncludedAsync(http, baseAddress, probe.Type, readers[i].Token, cancellationToken);
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
