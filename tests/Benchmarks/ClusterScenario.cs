using System.Globalization;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Scenario 5: scale-out efficiency. For each access-control setting, one durable silo and then three durable silos
/// (each on a fresh database, with fresh processes) take the same writes from the same client, spread round-robin over
/// the silos' HTTP endpoints. Reported: throughput, latency, the silos' CPU per write and the ratio of the three silos'
/// CPU per write to the one silo's against its floor (issue 13: ≤ 1.5×), the silos' idle CPU after the load, and with
/// <c>--access-control both</c> the on/off throughput ratio of the three silos against its floor.
/// </summary>
public sealed class ClusterScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const int SiloCount = 3;
    private const double AccessControlFloorRatio = 0.8;
    private const double CpuPerWriteFloorRatio = 1.5;

    /// <summary>Long enough to span several ticks of every per-process timer (membership probes, pushes, anchors).</summary>
    private static readonly TimeSpan IdleMeasurement = TimeSpan.FromSeconds(10);

    /// <summary>Lets the last writes' background work (index stores, statistics pushes) finish before idle is measured.</summary>
    private static readonly TimeSpan IdleSettle = TimeSpan.FromSeconds(3);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var databases = new PostgresDatabases(options.Postgres, options.KeepDatabases);
        var durability = await databases.DurabilityNoteAsync(cancellationToken);
        var warmup = options.WarmupOr(BenchmarkOptions.DurableSteadyStateWarmupSeconds);
        var duration = options.DurationOr(20);
        var table = new ResultTable("Cluster: one silo, then three silos on one PostgreSQL database, writes round-robin, same client",
            "access control", "silos", "clients", "writes/s", "p50 ms", "p99 ms", "p99.9 ms", "silos' CPU ms/write", "idle CPU ms/s per silo", "failed");
        var rates = new Dictionary<bool, double>();
        foreach (var accessControl in options.AccessControlModes)
        {
            var deployment = SecuredDeployment.For(options, accessControl);
            var single = await RunOnceAsync(databases, deployment, 1, warmup, duration, cancellationToken);
            AddRow(table, deployment, 1, single);
            var cluster = await RunOnceAsync(databases, deployment, SiloCount, warmup, duration, cancellationToken);
            AddRow(table, deployment, SiloCount, cluster);
            rates[accessControl] = cluster.Load.PerSecond;
            var cpuRatio = cluster.Load.ServerCpuPerRequestMs / single.Load.ServerCpuPerRequestMs;
            table.AddNote($"Access control {deployment.Mode}: silo CPU per write, {SiloCount} silos / 1 silo: {Format.VerdictRatio(cpuRatio)} "
                + $"({Format.Ms(cluster.Load.ServerCpuPerRequestMs)} vs {Format.Ms(single.Load.ServerCpuPerRequestMs)} ms) (floor ≤ {Format.Ratio(CpuPerWriteFloorRatio)}: {Format.Verdict(cpuRatio <= CpuPerWriteFloorRatio)}).");
        }

        if (rates.TryGetValue(true, out var on) && rates.TryGetValue(false, out var off))
        {
            var ratio = on / off;
            table.AddNote($"Access control and audit on/off throughput of {SiloCount} silos: {Format.VerdictRatio(ratio)} (floor ≥ {Format.Ratio(AccessControlFloorRatio)}: {Format.Verdict(ratio >= AccessControlFloorRatio)}).");
        }

        table.AddNote($"All silos, the client and PostgreSQL share this machine ({Environment.ProcessorCount} logical CPUs), so this shows the cost of clustering rather than scale-out; the CPU per write is the measure that carries over.");
        table.AddNote($"Each row on a fresh database and fresh silos: a {warmup.TotalSeconds:0.#} s warm-up, {duration.TotalSeconds:0.#} s measured, then the silos' idle CPU over {IdleMeasurement.TotalSeconds:0} s, {IdleSettle.TotalSeconds:0} s after the load.");
        table.AddNote(durability);
        report.Add(table);
    }

    private void AddRow(ResultTable table, SecuredDeployment deployment, int silos, ClusterRun run) =>
        table.AddRow(deployment.Mode, silos.ToString(CultureInfo.InvariantCulture), options.Clients.ToString(CultureInfo.InvariantCulture),
            Format.Rate(run.Load.PerSecond), Format.Ms(run.Load.Latency.P50), Format.Ms(run.Load.Latency.P99), Format.Ms(run.Load.Latency.P999),
            Format.Ms(run.Load.ServerCpuPerRequestMs), Format.Ms(run.IdleCpuMsPerSecondPerSilo), Format.Count(run.Load.Failed));

    private async Task<ClusterRun> RunOnceAsync(
        PostgresDatabases databases, SecuredDeployment deployment, int siloCount, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var database = await databases.CreateAsync($"cluster-{siloCount}-{deployment.Mode}", cancellationToken);
        using var http = BenchmarkHttp.Create(options.Clients * 2);
        var names = Enumerable.Range(1, siloCount).Select(n => $"silo-{n}").ToArray();
        var silos = await SiloLauncher.StartManyAsync(options, names, database, http, cancellationToken, deployment.Environment);
        try
        {
            var token = await deployment.ProvisionWriterAsync(http, silos[0].BaseAddress, cancellationToken);
            TimeSpan SilosCpu() => silos.Aggregate(TimeSpan.Zero, (sum, silo) => sum + silo.CpuTime);
            var load = await WriteLoad.MeasureCreatesAsync(http, new CasePayloadFactory(seed: 6, sites: SecuredDeployment.Sites), [.. silos.Select(s => s.BaseAddress)],
                options.Clients, warmup, duration, $"{siloCount} silo(s), access control {deployment.Mode}", cancellationToken, SilosCpu, token);
            // After the load, not after start-up: the first 20-30 s after start-up are JIT and start-up work, not the
            // timers and pollers that every silo keeps paying, with the write path's grains (shards, sites) active.
            await Task.Delay(IdleSettle, cancellationToken);
            var idleBefore = SilosCpu();
            await Task.Delay(IdleMeasurement, cancellationToken);
            var idle = (SilosCpu() - idleBefore).TotalMilliseconds / IdleMeasurement.TotalSeconds / siloCount;
            BenchmarkReport.Progress($"{siloCount} silo(s) idle after the load: {Format.Ms(idle)} ms of CPU per second per silo");
            return new ClusterRun(load, idle);
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
