using System.Globalization;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Not one of the contract's scenarios: a stopwatch breakdown of the write path through the public API alone, to
/// tell where a write's time goes. Each step adds one part of a create to the step before it, and each is measured
/// at the same concurrency for its rate, its latency and the silo's CPU per request.
/// </summary>
public sealed class BreakdownScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const int SeededCases = 2_000;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = BenchmarkHttp.Create(options.Clients * 2);
        await using var silo = await SiloLauncher.StartAsync(options, "embedded", connectionString: null, http, cancellationToken);
        var factory = new CasePayloadFactory(seed: 7);
        var duration = options.DurationOr(5);
        var warmup = options.WarmupOr(1);

        BenchmarkReport.Progress($"breakdown: seeding {SeededCases} cases");
        var seeded = new CaseWrite[SeededCases];
        long seeding = -1;
        await LoadGenerator.RunAsync(http, new LoadPlan(options.Clients, Duration: null, RequestLimit: SeededCases),
            () =>
            {
                var write = seeded[Interlocked.Increment(ref seeding)] = factory.NewCase(silo.BaseAddress);
                return CasePayloadFactory.Put(write, write.Body);
            },
            LoadGenerator.IsCreated, cancellationToken);

        long next = 0;
        CaseWrite AnySeeded() => seeded[(int)(Interlocked.Increment(ref next) % SeededCases)];
        var summary = new Uri(silo.BaseAddress, "/api/statistics/types/dystrophic?curve=false");
        var steps = new (string Label, Func<HttpRequestMessage> NewRequest, Func<HttpResponseMessage, bool> Succeeded)[]
        {
            ("GET statistics summary: HTTP + one grain call returning a string", () => new HttpRequestMessage(HttpMethod.Get, summary), LoadGenerator.IsOk),
            ("PUT, caseId differs from the route (400): + body read + full validation", () =>
            {
                var write = AnySeeded();
                return CasePayloadFactory.Put(write, CasePayloadFactory.WithMismatchedCaseId(write));
            }, r => r.StatusCode == System.Net.HttpStatusCode.BadRequest),
            ("GET the case (200): HTTP + case grain + JSON of the stored case", () => new HttpRequestMessage(HttpMethod.Get, AnySeeded().Uri), LoadGenerator.IsOk),
            ("PUT the identical document (200 no-op): validation + case grain + site and shard calls, nothing stored", () =>
            {
                var write = AnySeeded();
                return CasePayloadFactory.Put(write, write.Body);
            }, r => r.StatusCode == System.Net.HttpStatusCode.OK),
            ("PUT a new case (201): the whole create", () => factory.NewCreate(silo.BaseAddress), LoadGenerator.IsCreated),
        };

        var table = new ResultTable("Breakdown: the write path step by step (embedded silo)",
            "step", "clients", "requests/s", "p50 ms", "p99 ms", "silo CPU ms/request", "failed");
        foreach (var (label, newRequest, succeeded) in steps)
        {
            await LoadGenerator.RunAsync(http, new LoadPlan(options.Clients, warmup), newRequest, succeeded, cancellationToken);
            var cpuBefore = silo.CpuTime;
            var result = await LoadGenerator.RunAsync(http, new LoadPlan(options.Clients, duration), newRequest, succeeded, cancellationToken);
            result = result with { ServerCpu = silo.CpuTime - cpuBefore };
            WriteLoad.ReportFailures(label, result);
            BenchmarkReport.Progress($"breakdown: {label}: {Format.Rate(result.PerSecond)}/s, silo CPU {Format.Ms(result.ServerCpuPerRequestMs)} ms/request");
            table.AddRow(label, options.Clients.ToString(CultureInfo.InvariantCulture), Format.Rate(result.PerSecond), Format.Ms(result.Latency.P50),
                Format.Ms(result.Latency.P99), Format.Ms(result.ServerCpuPerRequestMs), Format.Count(result.Failed));
        }

        table.AddNote($"{Format.Count(SeededCases)} cases seeded first; {duration.TotalSeconds:0.#} s per step after a {warmup.TotalSeconds:0.#} s warm-up. The difference between consecutive rows' CPU is what that step adds.");
        report.Add(table);
    }
}
