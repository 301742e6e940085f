using System.Globalization;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Scenario 2: statistics read latency against an embedded silo preloaded with each size in <c>--cases</c>
/// (loaded incrementally into the same silo, so 100,000 includes the first 10,000).
/// </summary>
public sealed class ReadsScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const double FloorP99Milliseconds = 5;
    private const double FloorGrowth = 1.5;

    /// <summary>Dystrophic is the largest type (about 60 % of the cohort), so its summary is the most work.</summary>
    private static readonly ReadTarget[] Targets =
    [
        new("type summary (dystrophic, curve=false)", "/api/statistics/types/dystrophic?curve=false", IsSummary: true),
        new("all types summary (curve=false)", "/api/statistics?curve=false", IsSummary: true),
        new("type full (dystrophic, with curves)", "/api/statistics/types/dystrophic", IsSummary: false),
        new("all types full (with curves)", "/api/statistics", IsSummary: false),
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = BenchmarkHttp.Create(Math.Max(options.Loaders, options.Readers) * 2);
        await using var silo = await SiloLauncher.StartAsync(options, "embedded", connectionString: null, http, cancellationToken);
        var cases = new CasePayloadFactory(seed: 2);
        var duration = options.DurationOr(5);
        var warmup = options.WarmupOr(1);
        var loadTable = new ResultTable("Reads: preloading the embedded silo",
            "cases", "loaded now", "load time", "writes/s", "load p99 ms", "silo CPU ms/write", "failed", "statistics complete after");
        var readTable = new ResultTable("Reads: statistics read latency over HTTP",
            "cases", "read", "readers", "reads/s", "p50 ms", "p99 ms", "p99.9 ms", "response", "floor");
        var summaryP99 = new Dictionary<int, double>();
        var loaded = 0;
        foreach (var size in options.Cases)
        {
            var toLoad = size - loaded;
            BenchmarkReport.Progress($"reads: loading {Format.Count(toLoad)} cases (to {Format.Count(size)}) with {options.Loaders} writers");
            var cpuBefore = silo.CpuTime;
            var load = await LoadGenerator.RunAsync(http, new LoadPlan(options.Loaders, Duration: null, RequestLimit: toLoad),
                () => cases.NewCreate(silo.BaseAddress), LoadGenerator.IsCreated, cancellationToken);
            load = load with { ServerCpu = silo.CpuTime - cpuBefore };
            WriteLoad.ReportFailures("reads preload", load);
            loaded += (int)load.Succeeded;
            var visible = await StatisticsReader.WaitForCasesAsync(http, silo.BaseAddress, "all", loaded, TimeSpan.FromSeconds(60), cancellationToken);
            BenchmarkReport.Progress($"reads: {Format.Count(load.Succeeded)} loaded in {Format.Seconds(load.Elapsed)} ({Format.Rate(load.PerSecond)}/s, silo CPU {Format.Ms(load.ServerCpuPerRequestMs)} ms/write); statistics cover them {Format.Ms(visible.TotalMilliseconds)} ms later");
            loadTable.AddRow(Format.Count(size), Format.Count(load.Succeeded), Format.Seconds(load.Elapsed), Format.Rate(load.PerSecond),
                Format.Ms(load.Latency.P99), Format.Ms(load.ServerCpuPerRequestMs), Format.Count(load.Failed), $"{Format.Ms(visible.TotalMilliseconds)} ms");

            foreach (var target in Targets)
            {
                var uri = new Uri(silo.BaseAddress, target.PathAndQuery);
                HttpRequestMessage NewRead() => new(HttpMethod.Get, uri);
                await LoadGenerator.RunAsync(http, new LoadPlan(options.Readers, warmup), NewRead, LoadGenerator.IsOk, cancellationToken);
                var reads = await LoadGenerator.RunAsync(http, new LoadPlan(options.Readers, duration), NewRead, LoadGenerator.IsOk, cancellationToken);
                WriteLoad.ReportFailures($"reads {target.Label}", reads);
                BenchmarkReport.Progress($"reads at {Format.Count(size)}: {target.Label}: p50 {Format.Ms(reads.Latency.P50)} ms, p99 {Format.Ms(reads.Latency.P99)} ms");
                var floor = "reported";
                if (target == Targets[0])
                {
                    summaryP99[size] = reads.Latency.P99;
                    var withinGrowth = size == options.Cases[0] || reads.Latency.P99 <= FloorGrowth * summaryP99[options.Cases[0]];
                    floor = $"p99 ≤ 5 ms{(size == options.Cases[0] ? string.Empty : $", ≤ 1.5× {Format.Count(options.Cases[0])}")}: {Format.Verdict(reads.Latency.P99 <= FloorP99Milliseconds && withinGrowth && reads.Failed == 0)}";
                }
                else if (target.IsSummary)
                {
                    floor = $"p99 ≤ 5 ms: {Format.Verdict(reads.Latency.P99 <= FloorP99Milliseconds && reads.Failed == 0)}";
                }

                readTable.AddRow(Format.Count(size), target.Label, options.Readers.ToString(CultureInfo.InvariantCulture), Format.Rate(reads.PerSecond),
                    Format.Ms(reads.Latency.P50), Format.Ms(reads.Latency.P99), Format.Ms(reads.Latency.P999),
                    Format.Bytes(reads.Succeeded == 0 ? 0 : reads.ResponseBytes / reads.Succeeded), floor);
            }
        }

        loadTable.AddNote($"Loaded by {options.Loaders} concurrent writers; sizes are cumulative in one silo. \"statistics complete after\" is the time from the last write's ack until the all-types summary covered every case.");
        readTable.AddNote($"{options.Readers} concurrent readers, each request timed from send to the last byte; {duration.TotalSeconds:0.#} s per read after a {warmup.TotalSeconds:0.#} s warm-up, no writes meanwhile.");
        readTable.AddNote("The contract's floor applies to the summary (curve=false): p99 ≤ 5 ms at 100,000 cases and within 1.5× of the 10,000 figure. Full responses are reported.");
        report.Add(loadTable);
        report.Add(readTable);
    }
}
