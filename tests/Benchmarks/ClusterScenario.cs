using System.Globalization;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>Scenario 5: three durable silos on one fresh database, writes spread round-robin over their HTTP endpoints.</summary>
public sealed class ClusterScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const int SiloCount = 3;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var databases = new PostgresDatabases(options.Postgres, options.KeepDatabases);
        var database = await databases.CreateAsync("cluster", cancellationToken);
        var durability = await databases.DurabilityNoteAsync(cancellationToken);
        using var http = BenchmarkHttp.Create(options.Clients * 2);
        var warmup = options.WarmupOr(BenchmarkOptions.DurableSteadyStateWarmupSeconds);
        var duration = options.DurationOr(20);
        var names = Enumerable.Range(1, SiloCount).Select(n => $"silo-{n}").ToArray();
        var silos = await SiloLauncher.StartManyAsync(options, names, database, http, cancellationToken);
        try
        {
            var result = await WriteLoad.MeasureCreatesAsync(http, new CasePayloadFactory(seed: 6), [.. silos.Select(s => s.BaseAddress)],
                options.Clients, warmup, duration, "cluster", cancellationToken, () => silos.Aggregate(TimeSpan.Zero, (sum, silo) => sum + silo.CpuTime));
            var table = new ResultTable("Cluster: three silos on one PostgreSQL database, writes round-robin",
                "silos", "clients", "writes/s", "p50 ms", "p99 ms", "p99.9 ms", "silos' CPU ms/write", "failed");
            table.AddRow(SiloCount.ToString(CultureInfo.InvariantCulture), options.Clients.ToString(CultureInfo.InvariantCulture), Format.Rate(result.PerSecond),
                Format.Ms(result.Latency.P50), Format.Ms(result.Latency.P99), Format.Ms(result.Latency.P999), Format.Ms(result.ServerCpuPerRequestMs), Format.Count(result.Failed));
            table.AddNote($"All silos, the client and PostgreSQL share this machine ({Environment.ProcessorCount} logical CPUs), so this shows the cost of clustering rather than scale-out.");
            table.AddNote($"{duration.TotalSeconds:0.#} s measured after a {warmup.TotalSeconds:0.#} s warm-up.");
            table.AddNote(durability);
            report.Add(table);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
