using System.Globalization;
using System.Text;
using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Synthetic;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Scenario <c>analyses</c>: latency of a filtered <c>compare: treatment-class</c> analysis over HTTP against an
/// embedded silo preloaded with each size in <c>--cases</c> (cumulative, as in <c>reads</c>), and the memory per case
/// of the shards' compact analysis data, measured in this process on a <see cref="CohortIndex"/> of the same cohort.
/// </summary>
public sealed class AnalysesScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const double FloorP99Milliseconds = 50;
    private const double FloorGrowth = 1.5;
    private const double TargetBytesPerCase = 300;

    /// <summary>The issue's example: dystrophic cases of connective-tissue disease, adults, two classes compared.</summary>
    private const string FilteredCompare = """
        {"filter":{"calcinosisTypes":["dystrophic"],"underlyingConditions":["dermatomyositis","systemic-sclerosis"],"ageAtOnset":{"min":18,"max":89}},
         "compare":"treatment-class"}
        """;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var memoryTable = new ResultTable("Analyses: memory of the compact analysis data (CohortIndex, in-process)",
            "cases", "bytes/case", "target");
        foreach (var size in options.Cases.Append(1_000_000).Distinct())
        {
            var bytes = MeasureBytesPerCase(size);
            memoryTable.AddRow(Format.Count(size), bytes.ToString("0", CultureInfo.InvariantCulture),
                $"≤ {TargetBytesPerCase:0} bytes: {Format.Verdict(bytes <= TargetBytesPerCase)}");
        }

        memoryTable.AddNote("GC heap growth after building one index of the synthetic cohort's contributions, divided by its cases; the case keys are not counted: a shard shares them with its entries.");
        report.Add(memoryTable);
        report.Add(MeasureComputeInProcess());

        using var http = BenchmarkHttp.Create(Math.Max(options.Loaders, options.Readers) * 2);
        await using var silo = await SiloLauncher.StartAsync(options, "embedded", connectionString: null, http, cancellationToken);
        var cases = new CasePayloadFactory(seed: 3);
        var duration = options.DurationOr(5);
        var warmup = options.WarmupOr(1);
        var table = new ResultTable("Analyses: POST /api/analyses latency over HTTP",
            "cases", "load writes/s", "analysis", "readers", "analyses/s", "p50 ms", "p99 ms", "p99.9 ms", "floor");
        var p99BySize = new Dictionary<int, double>();
        var loaded = 0;
        foreach (var size in options.Cases)
        {
            BenchmarkReport.Progress($"analyses: loading {Format.Count(size - loaded)} cases (to {Format.Count(size)})");
            var load = await LoadGenerator.RunAsync(http, new LoadPlan(options.Loaders, Duration: null, RequestLimit: size - loaded),
                () => cases.NewCreate(silo.BaseAddress), LoadGenerator.IsCreated, cancellationToken);
            WriteLoad.ReportFailures("analyses preload", load);
            loaded += (int)load.Succeeded;
            await StatisticsReader.WaitForCasesAsync(http, silo.BaseAddress, "all", loaded, TimeSpan.FromSeconds(60), cancellationToken);

            // The last row is a plain statistics read (a pre-rendered document of similar size), for the machine's state.
            foreach (var (label, body) in new[] { ("filtered, compare treatment-class", FilteredCompare), ("everything, compare none", "{}"), ("for reference: GET statistics/types/dystrophic", null) })
            {
                var uri = new Uri(silo.BaseAddress, body is null ? "/api/statistics/types/dystrophic" : "/api/analyses");
                HttpRequestMessage NewAnalysis() => body is null
                    ? new(HttpMethod.Get, uri)
                    : new(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                await LoadGenerator.RunAsync(http, new LoadPlan(options.Readers, warmup), NewAnalysis, LoadGenerator.IsOk, cancellationToken);
                var runs = await LoadGenerator.RunAsync(http, new LoadPlan(options.Readers, duration), NewAnalysis, LoadGenerator.IsOk, cancellationToken);
                WriteLoad.ReportFailures($"analyses {label}", runs);
                BenchmarkReport.Progress($"analyses at {Format.Count(size)}: {label}: p50 {Format.Ms(runs.Latency.P50)} ms, p99 {Format.Ms(runs.Latency.P99)} ms");
                var floor = "reported";
                if (body == FilteredCompare)
                {
                    p99BySize[size] = runs.Latency.P99;
                    var first = options.Cases[0];
                    var withinGrowth = size == first || runs.Latency.P99 <= FloorGrowth * p99BySize[first];
                    floor = $"p99 ≤ 50 ms{(size == first ? string.Empty : $", ≤ 1.5× {Format.Count(first)}")}: {Format.Verdict(runs.Latency.P99 <= FloorP99Milliseconds && withinGrowth && runs.Failed == 0)}";
                }

                table.AddRow(Format.Count(size), Format.Rate(load.PerSecond), label, options.Readers.ToString(CultureInfo.InvariantCulture),
                    Format.Rate(runs.PerSecond), Format.Ms(runs.Latency.P50), Format.Ms(runs.Latency.P99), Format.Ms(runs.Latency.P999), floor);
            }
        }

        table.AddNote($"{options.Readers} concurrent clients, {duration.TotalSeconds:0.#} s per analysis after a {warmup.TotalSeconds:0.#} s warm-up, no writes meanwhile; sizes are cumulative in one silo. \"load writes/s\" is the preload's write rate (embedded floor ≥ 3,000/s).");
        report.Add(table);
    }

    /// <summary>
    /// The analysis's own work without HTTP or Orleans: the cohort in 32 indexes as the shards hold it, then scan,
    /// merge, summary and JSON, timed 50 times after 5 warm-up runs, at each size and at 1,000,000 cases (too many to
    /// load over HTTP in a benchmark run). Separates the algorithm's cost from the host's.
    /// </summary>
    private ResultTable MeasureComputeInProcess()
    {
        var table = new ResultTable("Analyses: the analysis's own work in-process (32 indexes, no HTTP, no Orleans)",
            "cases", "scan ms p50", "merge ms p50", "summary ms p50", "JSON ms p50", "total ms p50", "total ms p99", "exact JSON", "rounded JSON");
        var (request, _) = AnalysisRequestReader.Read(Encoding.UTF8.GetBytes(FilteredCompare));
        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        foreach (var size in options.Cases.Append(1_000_000).Distinct())
        {
            var shards = Enumerable.Range(0, 32).Select(_ => new CohortIndex()).ToArray();
            var slot = 0;
            foreach (var item in SyntheticCohort.Generate(size, seed: 7))
            {
                shards[slot % 32].Set($"case:{item.SiteId}/SYN-{slot:D7}", item.SiteId, CaseContribution.FromCase(item.Document));
                slot++;
            }

            var phases = new[] { new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>() };
            var (exactBytes, roundedBytes) = (0, 0);
            for (var run = 0; run < 55; run++)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var partials = shards.Select(shard => shard.Analyze(request!)).ToArray();
                var scanned = System.Diagnostics.Stopwatch.GetTimestamp();
                var merged = AnalysisPartial.MergeAll(partials);
                var mergedAt = System.Diagnostics.Stopwatch.GetTimestamp();
                var result = AnalysisSummarizer.Exact(merged, request!.Compare);
                var summarized = System.Diagnostics.Stopwatch.GetTimestamp();
                var exact = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(result, json);
                var written = System.Diagnostics.Stopwatch.GetTimestamp();
                roundedBytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(AnalysisSummarizer.Rounded(merged, request.Compare, 6), json).Length;
                exactBytes = exact.Length;
                if (run >= 5)
                {
                    long[] marks = [started, scanned, mergedAt, summarized, written];
                    for (var phase = 0; phase < 4; phase++)
                    {
                        phases[phase].Add(System.Diagnostics.Stopwatch.GetElapsedTime(marks[phase], marks[phase + 1]).TotalMilliseconds);
                    }

                    phases[4].Add(System.Diagnostics.Stopwatch.GetElapsedTime(started, written).TotalMilliseconds);
                }
            }

            table.AddRow(Format.Count(size), Format.Ms(Percentile(phases[0], 0.5)), Format.Ms(Percentile(phases[1], 0.5)),
                Format.Ms(Percentile(phases[2], 0.5)), Format.Ms(Percentile(phases[3], 0.5)), Format.Ms(Percentile(phases[4], 0.5)),
                Format.Ms(Percentile(phases[4], 0.99)), Format.Bytes(exactBytes), Format.Bytes(roundedBytes));
        }

        table.AddNote("The filtered treatment-class analysis, exact, 50 runs after 5 warm-up runs, one thread (the silo runs the 32 scans in parallel); JSON sizes of the exact and the rounded answer (curves included).");
        return table;
    }

    private static double Percentile(List<double> values, double quantile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
    }

    private static double MeasureBytesPerCase(int size)
    {
        var contributions = SyntheticCohort.Generate(size, seed: 7)
            .Select((item, index) => ($"case:{item.SiteId}/SYN-{index:D7}", item.SiteId, CaseContribution.FromCase(item.Document)))
            .ToArray();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var index = new CohortIndex();
        foreach (var (key, site, contribution) in contributions)
        {
            index.Set(key, site, contribution);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(index);
        GC.KeepAlive(contributions);
        return (double)(after - before) / size;
    }
}
