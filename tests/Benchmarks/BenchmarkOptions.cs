using System.Globalization;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>The command line: a scenario name and options. Unset options take each scenario's own default.</summary>
public sealed class BenchmarkOptions
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";

    public static readonly IReadOnlyList<string> Scenarios = ["writes", "reads", "visibility", "durable", "cluster", "breakdown", "security", "analyses", "import", "import-memory", "import-memory-csv", "import-durable", "web", "suppress-cost", "all"];

    public required string Scenario { get; init; }

    /// <summary>Length of each measured phase; null means the scenario's default.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Length of the warm-up before each measured write phase; null means the scenario's default.</summary>
    public TimeSpan? Warmup { get; init; }

    /// <summary>The concurrent writers given by <c>--clients</c>; null means the scenario's default.</summary>
    public int? ClientsSetting { get; init; }

    /// <summary>Concurrent writers: <c>--clients</c>, else 32 (the contract's write concurrency).</summary>
    public int Clients => ClientsOr(32);

    /// <summary>The registry sizes of the reads scenario, loaded incrementally into one silo.</summary>
    public IReadOnlyList<int> Cases { get; init; } = [10_000, 100_000];

    /// <summary>Whether <c>--cases</c> was given (import-memory has its own default size).</summary>
    public bool CasesGiven { get; init; }

    public int Readers { get; init; } = 4;

    public int Loaders { get; init; } = 48;

    /// <summary>A PostgreSQL connection string with the right to create databases; each run creates its own.</summary>
    public string Postgres { get; init; } = DefaultPostgres;

    public bool KeepDatabases { get; init; }

    /// <summary>
    /// Measured phases per system in the durable comparison, taken alternately (registry, baseline, registry, …):
    /// one pair is at the mercy of whatever else the machine did in those 30 s, several alternating pairs are not.
    /// </summary>
    public int Rounds { get; init; } = 3;

    public bool ShowSiloOutput { get; init; }

    /// <summary>
    /// durable and cluster: the access-control settings to run, in order (<c>--access-control off|on|both</c>; default
    /// off). On is the production configuration: security, audit trail and a token on every write (<see cref="SecuredDeployment"/>).
    /// </summary>
    public IReadOnlyList<bool> AccessControlModes { get; init; } = [false];

    public string? SiloDll { get; init; }

    /// <summary>
    /// Extra environment for every silo. By default access control is switched off and the per-token rate limit
    /// raised out of reach, so that the scenarios measure the registry's own path and not a 200 requests/s limiter;
    /// <c>--silo-env Registry__Security__Enabled=true</c> (and so on) overrides them.
    /// </summary>
    public IReadOnlyDictionary<string, string> SiloEnvironment { get; init; } = DefaultSiloEnvironment();

    public static Dictionary<string, string> DefaultSiloEnvironment() => new(StringComparer.Ordinal)
    {
        ["Registry__Security__Enabled"] = "false",
        ["Registry__Security__RateLimitPerSecond"] = "100000000",
        ["Registry__Security__RateLimitBurst"] = "100000000",
    };

    public static string Usage =>
        """
        usage: dotnet run -c Release --project tests/Benchmarks -- <scenario> [options]

        scenarios:
          writes       embedded in-memory silo: case creates/s at --clients concurrent clients, p50/p99
          reads        embedded silo preloaded with --cases cases: statistics read latency p50/p99/p99.9
          visibility   embedded silo: write-ack -> visible-in-statistics time, under a light background write load
          durable      silo on PostgreSQL vs a minimal ASP.NET Core + Npgsql upsert endpoint, same client
          cluster      three silos on one PostgreSQL database, writes round-robin over them
          breakdown    diagnosis: the write path step by step (validation, grain call, no-op PUT, create) with silo CPU/request
          security     cost of authentication, authorization and audit: embedded silo with access control off vs on
                       (off, on, off, on), case-create and statistics-read p50/p99 and the on/off p50 ratios
          import       embedded silo: a CSV bundle of the largest --cases size staged and committed (cases/s, peak RSS)
          import-memory  embedded silo: a 1,000,000-case NDJSON file (or --cases) staged; the silo's peak RSS growth
          import-durable silo on PostgreSQL: its per-case PUT rate (--clients, --warmup 60, --duration 30), then the
                       CSV bundle of the largest --cases size staged and committed; the ratio of the two rates
          web          embedded host in this process, access control on, loaded with --cases cases: server render
                       of the web pages (case list, case view, editor, outcomes, audit trail) p50/p95/p99
          suppress-cost  in this process: CPU of one linked-views suppression (all sites and each site's view, k = 5)
                       for each --cases size (default 400,2000,10000), with the output's digest
          all          writes, reads, visibility, durable, cluster and security, one after the other

        options:
          --duration <s>      length of each measured phase (defaults: writes 20, reads 5 per target,
                              visibility 30, durable 15 per system and round, cluster 20, security 6 writes, 4 per read)
          --warmup <s>        warm-up before each measured write phase (default 30 for writes; 90 for durable and cluster;
                              reads 1; visibility 3; security 2 and 1)
          --rounds <n>        durable: measured phases per system, alternating registry and baseline (default 3)
          --clients <n>       concurrent writers (default 32; security 8)
          --cases <n[,n..]>   registry sizes for reads, loaded incrementally (default 10000,100000)
          --readers <n>       concurrent readers for reads and security (default 4)
          --loaders <n>       concurrent writers that preload the reads scenario (default 48)
          --postgres <cs>     PostgreSQL connection string allowed to CREATE DATABASE (default: env BENCH_POSTGRES,
                              else Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres, see tests/postgres.sh)
          --keep-db           keep the databases a run creates (default: drop them)
          --silo-output       echo the silo processes' console output
          --silo-dll <path>   the CalcinosisRegistry.Silo.dll to launch (default: found next to this program)
          --access-control <off|on|both>
                              durable and cluster: run the silos with access control and audit off (default), on (as a
                              user deploys them: a researcher's token on every write), or both (cluster: off, then on,
                              each on a fresh database, and the on/off throughput ratio)
          --silo-env K=V      extra environment for every silo (repeatable). Defaults switch access control off
                              and lift the rate limit: Registry__Security__Enabled=false,
                              Registry__Security__RateLimitPerSecond=100000000, Registry__Security__RateLimitBurst=100000000
                              (the security scenario sets Registry__Security__Enabled itself, per run)
        """;

    public static BenchmarkOptions Parse(string[] args)
    {
        if (args.Length == 0 || !Scenarios.Contains(args[0], StringComparer.Ordinal))
        {
            throw new ArgumentException($"The first argument must be a scenario: {string.Join(", ", Scenarios)}.");
        }

        TimeSpan? duration = null;
        TimeSpan? warmup = null;
        int? clients = null;
        IReadOnlyList<int> cases = [10_000, 100_000];
        var casesGiven = false;
        var readers = 4;
        var loaders = 48;
        var postgres = Environment.GetEnvironmentVariable("BENCH_POSTGRES") is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultPostgres;
        var keepDatabases = false;
        var rounds = 3;
        var showSiloOutput = false;
        string? siloDll = null;
        var siloEnvironment = DefaultSiloEnvironment();
        IReadOnlyList<bool> accessControlModes = [false];
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--duration": duration = TimeSpan.FromSeconds(PositiveDouble(name, Value())); break;
                case "--warmup": warmup = TimeSpan.FromSeconds(NonNegativeDouble(name, Value())); break;
                case "--clients": clients = PositiveInt(name, Value()); break;
                case "--cases": casesGiven = true; cases = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => PositiveInt(name, v)).Order()]; break;
                case "--readers": readers = PositiveInt(name, Value()); break;
                case "--loaders": loaders = PositiveInt(name, Value()); break;
                case "--postgres": postgres = Value(); break;
                case "--keep-db": keepDatabases = true; break;
                case "--rounds": rounds = PositiveInt(name, Value()); break;
                case "--silo-output": showSiloOutput = true; break;
                case "--silo-dll": siloDll = Value(); break;
                case "--access-control":
                    accessControlModes = Value() switch
                    {
                        "off" => [false],
                        "on" => [true],
                        "both" => [false, true],
                        var other => throw new ArgumentException($"--access-control takes off, on or both, not {other}."),
                    };
                    break;
                case "--silo-env":
                    var setting = Value().Split('=', 2);
                    siloEnvironment[setting[0]] = setting.Length == 2 && setting[0].Length > 0 ? setting[1] : throw new ArgumentException("--silo-env needs KEY=VALUE.");
                    break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }

        return new BenchmarkOptions
        {
            Scenario = args[0],
            Duration = duration,
            Warmup = warmup,
            ClientsSetting = clients,
            Cases = cases,
            CasesGiven = casesGiven,
            Readers = readers,
            Loaders = loaders,
            Postgres = postgres,
            KeepDatabases = keepDatabases,
            Rounds = rounds,
            ShowSiloOutput = showSiloOutput,
            SiloDll = siloDll,
            SiloEnvironment = siloEnvironment,
            AccessControlModes = accessControlModes,
        };
    }

    public int ClientsOr(int defaultClients) => ClientsSetting ?? defaultClients;

    public TimeSpan DurationOr(double defaultSeconds) => Duration ?? TimeSpan.FromSeconds(defaultSeconds);

    /// <summary>
    /// The default warm-up of the write-throughput scenarios. A fresh .NET process runs its first tens of seconds
    /// largely on quickly-jitted (tier-0) code: the same write cost about twice the CPU 5 s after start-up as 30 s
    /// after (docs/benchmarks.md). The floors are about a registry that runs for months, so the default measures
    /// the steady state; pass --warmup 5 to see the first seconds.
    /// </summary>
    public const double SteadyStateWarmupSeconds = 30;

    /// <summary>
    /// The default warm-up of the PostgreSQL scenarios. A durable silo runs more code per write than an embedded one
    /// (the ADO.NET provider, Npgsql, the index and audit stores), and 30 s after start-up it still spent 17–33 % of
    /// its CPU in the JIT compiler (perf, docs/benchmarks.md); after 75–90 s it spent 0–6 %. Both systems of the
    /// durable comparison get the same warm-up.
    /// </summary>
    public const double DurableSteadyStateWarmupSeconds = 90;

    public TimeSpan WarmupOr(double defaultSeconds) => Warmup ?? TimeSpan.FromSeconds(defaultSeconds);

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");

    private static double PositiveDouble(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ArgumentException($"{name} must be a positive number of seconds, not '{value}'.");

    private static double NonNegativeDouble(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0
            ? parsed
            : throw new ArgumentException($"{name} must be zero or a positive number of seconds, not '{value}'.");
}
