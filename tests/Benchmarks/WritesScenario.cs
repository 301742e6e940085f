namespace CalcinosisRegistry.Benchmarks;

/// <summary>Scenario 1: case creates per second against the embedded (in-memory) silo.</summary>
public sealed class WritesScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const double FloorWritesPerSecond = 3_000;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = BenchmarkHttp.Create(options.Clients * 2);
        await using var silo = await SiloLauncher.StartAsync(options, "embedded", connectionString: null, http, cancellationToken);
        var cases = new CasePayloadFactory(seed: 1);
        var warmup = options.WarmupOr(BenchmarkOptions.SteadyStateWarmupSeconds);
        var duration = options.DurationOr(20);
        var result = await WriteLoad.MeasureCreatesAsync(http, cases, [silo.BaseAddress], options.Clients, warmup, duration, "writes", cancellationToken, () => silo.CpuTime);

        var table = new ResultTable("Writes: embedded in-memory silo, case creates over HTTP",
            "system", "clients", "writes/s", "p50 ms", "p99 ms", "p99.9 ms", "silo CPU ms/write", "failed", "floor ≥ 3,000/s");
        table.AddRow("registry, embedded", options.Clients.ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Rate(result.PerSecond),
            Format.Ms(result.Latency.P50), Format.Ms(result.Latency.P99), Format.Ms(result.Latency.P999), Format.Ms(result.ServerCpuPerRequestMs), Format.Count(result.Failed),
            Format.Verdict(result.PerSecond >= FloorWritesPerSecond && result.Failed == 0));
        table.AddNote($"Each write is a PUT of a new synthetic case (201); {Format.Count(result.Succeeded)} writes measured over {Format.Seconds(result.Elapsed)} after a {warmup.TotalSeconds:0.#} s warm-up. \"silo CPU ms/write\" is the silo process's CPU time over the phase divided by the writes: it predicts the ceiling on a quiet machine (cores × 1000 / it).");
        report.Add(table);
    }
}
