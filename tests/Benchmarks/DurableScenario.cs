using System.Globalization;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Scenario 4: one silo on a fresh PostgreSQL database against the baseline a user might pick instead (a minimal
/// ASP.NET Core endpoint upserting the same JSON into a jsonb table), measured in the same run with the same client.
/// </summary>
public sealed class DurableScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const double FloorRatio = 0.5;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var databases = new PostgresDatabases(options.Postgres, options.KeepDatabases);
        var registryDatabase = await databases.CreateAsync("registry", cancellationToken);
        var baselineDatabase = await databases.CreateAsync("baseline", cancellationToken);
        var durability = await databases.DurabilityNoteAsync(cancellationToken);
        using var http = BenchmarkHttp.Create(options.Clients * 2);
        var warmup = options.WarmupOr(BenchmarkOptions.DurableSteadyStateWarmupSeconds);
        var duration = options.DurationOr(15);
        var cases = new CasePayloadFactory(seed: 5);
        LoadResult registry;
        LoadResult baseline;
        await using (var silo = await SiloLauncher.StartAsync(options, "durable", registryDatabase, http, cancellationToken))
        {
            registry = await WriteLoad.MeasureCreatesAsync(http, cases, [silo.BaseAddress], options.Clients, warmup, duration, "durable registry", cancellationToken, () => silo.CpuTime);
        }

        // The silo is stopped first so that the two systems never share the CPU or the database server.
        await using (var server = await BaselineServer.StartAsync(baselineDatabase, cancellationToken))
        {
            BenchmarkReport.Progress($"baseline serving at {server.BaseAddress}");
            baseline = await WriteLoad.MeasureCreatesAsync(http, cases, [server.BaseAddress], options.Clients, warmup, duration, "baseline", cancellationToken);
        }

        var ratio = registry.PerSecond / baseline.PerSecond;
        var clients = options.Clients.ToString(CultureInfo.InvariantCulture);
        var table = new ResultTable("Durable: registry on PostgreSQL vs a minimal ASP.NET Core + Npgsql upsert endpoint",
            "system", "clients", "writes/s", "p50 ms", "p99 ms", "p99.9 ms", "server CPU ms/write", "failed");
        table.AddRow("registry, 1 silo on PostgreSQL", clients, Format.Rate(registry.PerSecond), Format.Ms(registry.Latency.P50),
            Format.Ms(registry.Latency.P99), Format.Ms(registry.Latency.P999), Format.Ms(registry.ServerCpuPerRequestMs), Format.Count(registry.Failed));
        table.AddRow("baseline: MapPut + jsonb upsert", clients, Format.Rate(baseline.PerSecond), Format.Ms(baseline.Latency.P50),
            Format.Ms(baseline.Latency.P99), Format.Ms(baseline.Latency.P999), "n/a (in-process)", Format.Count(baseline.Failed));
        table.AddNote($"Throughput ratio registry/baseline: {Format.Ratio(ratio)} (floor ≥ {Format.Ratio(FloorRatio)}: {Format.Verdict(ratio >= FloorRatio && registry.Failed == 0)}).");
        table.AddNote($"Same client, same synthetic documents, {duration.TotalSeconds:0.#} s each after a {warmup.TotalSeconds:0.#} s warm-up, one after the other; each system on its own fresh database on the same PostgreSQL server.");
        table.AddNote(durability);
        table.AddNote("The baseline runs inside the benchmark process (no validation, statistics, history or ETags); the registry is a separate process.");
        report.Add(table);
    }
}
