using System.Diagnostics;
using System.Globalization;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Scenario 3: how long after a write is acknowledged it shows in the statistics. One probe at a time writes a new
/// iatrogenic case, then polls that type's summary until <c>casesIncluded</c> grows. The light background load only
/// writes the other types, so the only thing that can make the iatrogenic count grow is the probe itself.
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
        await using var silo = await SiloLauncher.StartAsync(options, "embedded", connectionString: null, http, cancellationToken);
        var probeType = CaseJson.ToWireName(ProbeType);
        var probes = new CasePayloadFactory(seed: 3, accept: type => type == ProbeType, templateCount: 256);
        var background = new CasePayloadFactory(seed: 4, accept: type => type != ProbeType);
        var warmup = options.WarmupOr(3);
        var duration = options.DurationOr(30);

        using var stopBackground = new CancellationTokenSource();
        var backgroundLoad = LoadGenerator.RunAsync(http, new LoadPlan(BackgroundWriters, Duration: null, PauseBetweenRequests: BackgroundPause),
            () => background.NewCreate(silo.BaseAddress), LoadGenerator.IsCreated, cancellationToken, stopBackground.Token);

        BenchmarkReport.Progress($"visibility: warm-up {warmup.TotalSeconds:0.#} s, then probing for {duration.TotalSeconds:0.#} s");
        await ProbeAsync(http, silo.BaseAddress, probes, probeType, warmup, cancellationToken);
        var (delays, invisible) = await ProbeAsync(http, silo.BaseAddress, probes, probeType, duration, cancellationToken);
        await stopBackground.CancelAsync();
        var backgroundWrites = await backgroundLoad;
        WriteLoad.ReportFailures("visibility background", backgroundWrites);

        var summary = LatencySummary.FromMilliseconds(delays);
        BenchmarkReport.Progress($"visibility: {summary.Count} probes, p50 {Format.Ms(summary.P50)} ms, p99 {Format.Ms(summary.P99)} ms, {invisible} not visible within {GiveUpAfter.TotalSeconds:0} s");
        var table = new ResultTable("Visibility: write acknowledged → counted in the statistics (embedded silo)",
            "probes", "p50 ms", "p90 ms", "p99 ms", "max ms", $"not visible in {GiveUpAfter.TotalSeconds:0} s", "background writes/s", "floor p99 ≤ 1 s");
        table.AddRow(summary.Count.ToString(CultureInfo.InvariantCulture), Format.Ms(summary.P50), Format.Ms(summary.P90), Format.Ms(summary.P99),
            Format.Ms(summary.Max), invisible.ToString(CultureInfo.InvariantCulture),
            Format.Rate(backgroundWrites.PerSecond),
            Format.Verdict(summary.Count > 0 && summary.P99 <= FloorP99Milliseconds && invisible == 0));
        table.AddNote($"Each probe: read {probeType} casesIncluded, PUT a new {probeType} case, and from its 201 poll GET /api/statistics/types/{probeType}?curve=false every {PollInterval.TotalMilliseconds:0} ms until the count grows (resolution ≈ one poll round trip).");
        table.AddNote($"Background: {BackgroundWriters} writers of the other types, {BackgroundPause.TotalMilliseconds:0} ms pause between writes.");
        report.Add(table);
    }

    private static async Task<(List<double> Delays, int Invisible)> ProbeAsync(
        HttpClient http, Uri baseAddress, CasePayloadFactory probes, string probeType, TimeSpan duration, CancellationToken cancellationToken)
    {
        var delays = new List<double>();
        var invisible = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var before = await StatisticsReader.CasesIncludedAsync(http, baseAddress, probeType, cancellationToken);
            using (var write = probes.NewCreate(baseAddress))
            using (var response = await http.SendAsync(write, cancellationToken))
            {
                if (!LoadGenerator.IsCreated(response))
                {
                    throw new InvalidOperationException($"A probe write failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }

            var acknowledged = Stopwatch.GetTimestamp();
            while (true)
            {
                var included = await StatisticsReader.CasesIncludedAsync(http, baseAddress, probeType, cancellationToken);
                var waited = Stopwatch.GetElapsedTime(acknowledged);
                if (included > before)
                {
                    delays.Add(waited.TotalMilliseconds);
                    break;
                }

                if (waited > GiveUpAfter)
                {
                    invisible++;
                    break;
                }

                await Task.Delay(PollInterval, cancellationToken);
            }

            // Spread the probes' phase against the silo's refresh timers.
            await Task.Delay(Random.Shared.Next(5, 40), cancellationToken);
        }

        return (delays, invisible);
    }
}
