using System.Globalization;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Scenario 5: three durable silos on one fresh database, writes spread round-robin over their HTTP endpoints; with
/// <c>--access-control both</c>, once with access control and audit off and once on (each on a fresh database), and
/// the on/off throughput ratio against its floor.
/// </summary>
public sealed class ClusterScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const int SiloCount = 3;
    private const double AccessControlFloorRatio = 0.8;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var databases = new PostgresDatabases(options.Postgres, options.KeepDatabases);
        var durability = await databases.DurabilityNoteAsync(cancellationToken);
        var warmup = options.WarmupOr(BenchmarkOptions.DurableSteadyStateWarmupSeconds);
        var duration = options.DurationOr(20);
        var table = new ResultTable("Cluster: three silos on one PostgreSQL database, writes round-robin",
            "access control", "silos", "clients", "writes/s", "p50 ms", "p99 ms", "p99.9 ms", "silos' CPU ms/write", "failed");
        var rates = new Dictionary<bool, double>();
        foreach (var accessControl in options.AccessControlModes)
        {
            var deployment = SecuredDeployment.For(options, accessControl);
            var result = await RunOnceAsync(databases, deployment, warmup, duration, cancellationToken);
            rates[accessControl] = result.PerSecond;
            table.AddRow(deployment.Mode, SiloCount.ToString(CultureInfo.InvariantCulture), options.Clients.ToString(CultureInfo.InvariantCulture), Format.Rate(result.PerSecond),
                Format.Ms(result.Latency.P50), Format.Ms(result.Latency.P99), Format.Ms(result.Latency.P999), Format.Ms(result.ServerCpuPerRequestMs), Format.Count(result.Failed));
        }

        if (rates.TryGetValue(true, out var on) && rates.TryGetValue(false, out var off))
        {
            var ratio = on / off;
            table.AddNote($"Access control and audit on/off throughput: {Format.VerdictRatio(ratio)} (floor ≥ {Format.Ratio(AccessControlFloorRatio)}: {Format.Verdict(ratio >= AccessControlFloorRatio)}).");
        }

        table.AddNote($"All silos, the client and PostgreSQL share this machine ({Environment.ProcessorCount} logical CPUs), so this shows the cost of clustering rather than scale-out.");
        table.AddNote($"Each setting on a fresh database and fresh silos: {duration.TotalSeconds:0.#} s measured after a {warmup.TotalSeconds:0.#} s warm-up.");
        table.AddNote(durability);
        report.Add(table);
    }

    private async Task<LoadResult> RunOnceAsync(
        PostgresDatabases databases, SecuredDeployment deployment, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var database = await databases.CreateAsync($"cluster-{deployment.Mode}", cancellationToken);
        using var http = BenchmarkHttp.Create(options.Clients * 2);
        var names = Enumerable.Range(1, SiloCount).Select(n => $"silo-{n}").ToArray();
        var silos = await SiloLauncher.StartManyAsync(options, names, database, http, cancellationToken, deployment.Environment);
        try
        {
            var token = await deployment.ProvisionWriterAsync(http, silos[0].BaseAddress, cancellationToken);
            return await WriteLoad.MeasureCreatesAsync(http, new CasePayloadFactory(seed: 6, sites: SecuredDeployment.Sites), [.. silos.Select(s => s.BaseAddress)],
                options.Clients, warmup, duration, $"cluster, access control {deployment.Mode}", cancellationToken,
                () => silos.Aggregate(TimeSpan.Zero, (sum, silo) => sum + silo.CpuTime), token);
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
