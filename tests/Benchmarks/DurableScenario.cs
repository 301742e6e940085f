using System.Globalization;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Scenario 4: one silo on a fresh PostgreSQL database against the baseline a user might pick instead (a minimal
/// ASP.NET Core endpoint upserting the same JSON into a jsonb table), measured in the same run with the same client.
/// </summary>
/// <remarks>
/// Both systems are warmed up, then measured alternately for <see cref="BenchmarkOptions.Rounds"/> rounds. Only one
/// of them is under load at any time (the other idles), and each round's ratio compares phases taken a few seconds
/// apart, so a slow stretch of the machine or of the database server (a checkpoint, another tenant) weighs on both.
/// The verdict uses every measured write of both systems, i.e. the ratio of their mean rates.
/// </remarks>
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
        var cases = new CasePayloadFactory(seed: 5, sites: SecuredDeployment.Sites);
        // One setting per run; with "both", the production one (on).
        var deployment = SecuredDeployment.For(options, options.AccessControlModes[^1]);

        await using var silo = await SiloLauncher.StartAsync(options, "durable", registryDatabase, http, cancellationToken, deployment.Environment);
        var token = await deployment.ProvisionWriterAsync(http, silo.BaseAddress, cancellationToken);
        await using var server = await BaselineServer.StartAsync(baselineDatabase, cancellationToken);
        BenchmarkReport.Progress($"baseline serving at {server.BaseAddress}");

        var rounds = new List<(LoadResult Registry, LoadResult Baseline)>(options.Rounds);
        for (var round = 1; round <= options.Rounds; round++)
        {
            var warm = round == 1 ? warmup : TimeSpan.Zero;
            var registry = await WriteLoad.MeasureCreatesAsync(http, cases, [silo.BaseAddress], options.Clients, warm, duration,
                $"durable registry, round {round}", cancellationToken, () => silo.CpuTime, token);
            var baseline = await WriteLoad.MeasureCreatesAsync(http, cases, [server.BaseAddress], options.Clients, warm, duration,
                $"baseline, round {round}", cancellationToken);
            rounds.Add((registry, baseline));
        }

        report.Add(Table(rounds, warmup, duration, durability, deployment));
    }

    private ResultTable Table(IReadOnlyList<(LoadResult Registry, LoadResult Baseline)> rounds, TimeSpan warmup, TimeSpan duration, string durability, SecuredDeployment deployment)
    {
        var clients = options.Clients.ToString(CultureInfo.InvariantCulture);
        var table = new ResultTable("Durable: registry on PostgreSQL vs a minimal ASP.NET Core + Npgsql upsert endpoint",
            "round", "system", "clients", "writes/s", "p50 ms", "p99 ms", "p99.9 ms", "server CPU ms/write", "failed", "ratio");
        for (var i = 0; i < rounds.Count; i++)
        {
            var (registry, baseline) = rounds[i];
            var round = (i + 1).ToString(CultureInfo.InvariantCulture);
            table.AddRow(round, $"registry, 1 silo on PostgreSQL, access control {deployment.Mode}", clients, Format.Rate(registry.PerSecond), Format.Ms(registry.Latency.P50),
                Format.Ms(registry.Latency.P99), Format.Ms(registry.Latency.P999), Format.Ms(registry.ServerCpuPerRequestMs), Format.Count(registry.Failed),
                Format.Ratio(registry.PerSecond / baseline.PerSecond));
            table.AddRow(round, "baseline: MapPut + jsonb upsert", clients, Format.Rate(baseline.PerSecond), Format.Ms(baseline.Latency.P50),
                Format.Ms(baseline.Latency.P99), Format.Ms(baseline.Latency.P999), "n/a (in-process)", Format.Count(baseline.Failed), string.Empty);
        }

        var registryRate = MeanRate(rounds.Select(r => r.Registry));
        var baselineRate = MeanRate(rounds.Select(r => r.Baseline));
        var ratio = registryRate / baselineRate;
        var failed = rounds.Sum(r => r.Registry.Failed);
        var perRound = rounds.Select(r => r.Registry.PerSecond / r.Baseline.PerSecond).Order().ToList();
        table.AddNote($"Throughput ratio registry/baseline over all {rounds.Count} round(s): {Format.VerdictRatio(ratio)} ({Format.Rate(registryRate)} vs {Format.Rate(baselineRate)} writes/s; "
            + $"rounds {Format.Ratio(perRound[0])}–{Format.Ratio(perRound[^1])}) (floor ≥ {Format.Ratio(FloorRatio)}: {Format.Verdict(ratio >= FloorRatio && failed == 0)}).");
        table.AddNote($"Same client, same synthetic documents, each system warmed up for {warmup.TotalSeconds:0.#} s, then {duration.TotalSeconds:0.#} s measured phases alternating registry and baseline; only one system is loaded at a time; each on its own fresh database on the same PostgreSQL server.");
        table.AddNote(durability);
        table.AddNote("The baseline runs inside the benchmark process (no validation, statistics, history or ETags); the registry is a separate process.");
        return table;
    }

    /// <summary>Successful writes per second over several phases together (their total over their total time).</summary>
    private static double MeanRate(IEnumerable<LoadResult> phases)
    {
        var list = phases.ToList();
        return list.Sum(p => p.Succeeded) / list.Sum(p => p.Elapsed.TotalSeconds);
    }
}
