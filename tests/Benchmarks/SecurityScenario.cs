using System.Globalization;
using System.Security.Cryptography;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// The cost of authentication, authorization and audit: the same embedded (in-memory) silo run with access control
/// off and on, alternately (off, on, off, on) because a shared machine drifts; each run measures case creates and
/// statistics summary reads, and each adjacent pair gives the on/off ratio of their p50 latency.
/// </summary>
public sealed class SecurityScenario(BenchmarkOptions options, BenchmarkReport report)
{
    private const double FloorRatio = 1.3;
    private const int PreloadedCases = 2_000;
    private const int Pairs = 2;
    private const string ReadPath = "/api/statistics/types/dystrophic?curve=false";
    private const string LiftedRateLimit = "100000000";
    private const string AnonymousCaller = "anyone: exact";
    private const string AnalystCaller = "analyst: suppressed";
    private const string AdminCaller = "admin: exact";

    /// <summary>The sites the researcher is bound to and every case is written to.</summary>
    private static readonly IReadOnlyList<string> Sites = ["bench-sec-north", "bench-sec-south"];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var clients = options.ClientsOr(8);
        var phases = new SecurityPhases(
            Clients: clients,
            Readers: options.Readers,
            WriteWarmup: options.WarmupOr(2),
            WriteDuration: options.DurationOr(6),
            ReadWarmup: options.WarmupOr(1),
            ReadDuration: options.DurationOr(4));
        // One factory for every run, so that each run writes the same mix of documents (the ids stay unique).
        var cases = new CasePayloadFactory(seed: 11, sites: Sites);
        var runs = new List<SecurityRunResult>();
        for (var pair = 1; pair <= Pairs; pair++)
        {
            foreach (var accessControl in new[] { false, true })
            {
                runs.Add(await RunOnceAsync(pair, accessControl, cases, phases, cancellationToken));
            }
        }

        report.Add(RunsTable(runs, phases));
        report.Add(RatiosTable(runs));
    }

    private async Task<SecurityRunResult> RunOnceAsync(int pair, bool accessControl, CasePayloadFactory cases, SecurityPhases phases, CancellationToken cancellationToken)
    {
        var label = $"security pair {pair}, access control {(accessControl ? "on" : "off")}";
        var environment = new Dictionary<string, string>(options.SiloEnvironment, StringComparer.Ordinal)
        {
            ["Registry__Security__Enabled"] = accessControl ? "true" : "false",
            ["Registry__Security__RateLimitPerSecond"] = LiftedRateLimit,
            ["Registry__Security__RateLimitBurst"] = LiftedRateLimit,
        };
        var bootstrapAdminToken = $"bench-bootstrap-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
        if (accessControl)
        {
            environment["Registry__BootstrapAdminToken"] = bootstrapAdminToken;
        }

        using var http = BenchmarkHttp.Create(Math.Max(phases.Clients, phases.Readers) * 2);
        await using var silo = await SiloLauncher.StartAsync(options, accessControl ? "security-on" : "security-off", connectionString: null, http, cancellationToken, environment);
        var credentials = accessControl
            ? await SecurityProvisioning.ProvisionAsync(http, silo.BaseAddress, bootstrapAdminToken, Sites, cancellationToken)
            : null;
        HttpRequestMessage NewWrite() => cases.NewCreate(silo.BaseAddress).WithBearer(credentials?.ResearcherToken);

        BenchmarkReport.Progress($"{label}: preloading {Format.Count(PreloadedCases)} cases with {phases.Clients} writers");
        var preload = await LoadGenerator.RunAsync(http, new LoadPlan(phases.Clients, Duration: null, RequestLimit: PreloadedCases), NewWrite, LoadGenerator.IsCreated, cancellationToken);
        WriteLoad.ReportFailures($"{label} preload", preload);
        if (preload.Succeeded == 0)
        {
            throw new InvalidOperationException($"{label}: every preload write failed, for example: {preload.FailureSamples.FirstOrDefault()}");
        }

        var written = preload.Succeeded;
        if (phases.WriteWarmup > TimeSpan.Zero)
        {
            written += (await MeasureAsync(http, silo, phases.Clients, phases.WriteWarmup, NewWrite, LoadGenerator.IsCreated, $"{label} writes warm-up", cancellationToken)).Succeeded;
        }

        var writes = await MeasureAsync(http, silo, phases.Clients, phases.WriteDuration, NewWrite, LoadGenerator.IsCreated, $"{label} writes", cancellationToken);
        written += writes.Succeeded;
        // Reads start once the statistics cover every write, so that no run reads while its statistics still catch up.
        var caughtUp = await StatisticsReader.WaitForCasesAsync(http, silo.BaseAddress, "all", (int)written, TimeSpan.FromSeconds(60), cancellationToken, credentials?.AdminToken);
        BenchmarkReport.Progress($"{label}: statistics cover all {Format.Count(written)} cases {Format.Ms(caughtUp.TotalMilliseconds)} ms after the last write");

        var callers = credentials is null
            ? new[] { (Caller: AnonymousCaller, Token: (string?)null) }
            : [(AnalystCaller, credentials.AnalystToken), (AdminCaller, credentials.AdminToken)];
        var reads = new List<SecurityReadResult>();
        var readUri = new Uri(silo.BaseAddress, ReadPath);
        foreach (var (caller, token) in callers)
        {
            HttpRequestMessage NewRead() => new HttpRequestMessage(HttpMethod.Get, readUri).WithBearer(token);
            if (phases.ReadWarmup > TimeSpan.Zero)
            {
                await MeasureAsync(http, silo, phases.Readers, phases.ReadWarmup, NewRead, LoadGenerator.IsOk, $"{label} reads as {caller} warm-up", cancellationToken);
            }

            reads.Add(new SecurityReadResult(caller, await MeasureAsync(http, silo, phases.Readers, phases.ReadDuration, NewRead, LoadGenerator.IsOk, $"{label} reads as {caller}", cancellationToken)));
        }

        return new SecurityRunResult(pair, accessControl, writes, reads);
    }

    /// <summary>One closed-loop phase, with the silo's CPU time over it.</summary>
    private static async Task<LoadResult> MeasureAsync(
        HttpClient http, SiloProcess silo, int workers, TimeSpan duration, Func<HttpRequestMessage> newRequest,
        Func<HttpResponseMessage, bool> succeeded, string label, CancellationToken cancellationToken)
    {
        var cpuBefore = silo.CpuTime;
        var result = await LoadGenerator.RunAsync(http, new LoadPlan(workers, duration), newRequest, succeeded, cancellationToken);
        result = result with { ServerCpu = silo.CpuTime - cpuBefore };
        WriteLoad.ReportFailures(label, result);
        if (result.Succeeded == 0 && result.Failed > 0)
        {
            throw new InvalidOperationException($"{label}: every request failed, for example: {result.FailureSamples.FirstOrDefault()}");
        }

        BenchmarkReport.Progress($"{label}: {Format.Rate(result.PerSecond)}/s at {workers} clients, p50 {Format.Ms(result.Latency.P50)} ms, p99 {Format.Ms(result.Latency.P99)} ms, silo CPU {Format.Ms(result.ServerCpuPerRequestMs)} ms/request");
        return result;
    }

    private static ResultTable RunsTable(IReadOnlyList<SecurityRunResult> runs, SecurityPhases phases)
    {
        var table = new ResultTable("Security: access control off vs on (embedded in-memory silo)",
            "pair", "access control", "write p50 ms", "write p99 ms", "writes/s", "silo CPU ms/write",
            "reads as: view", "read p50 ms", "read p99 ms", "reads/s", "silo CPU ms/read", "failed");
        foreach (var run in runs)
        {
            var first = true;
            foreach (var read in run.Reads)
            {
                var writeCells = first
                    ? new[] { Format.Ms(run.Writes.Latency.P50), Format.Ms(run.Writes.Latency.P99), Format.Rate(run.Writes.PerSecond), Format.Ms(run.Writes.ServerCpuPerRequestMs) }
                    : ["″", "″", "″", "″"];
                table.AddRow([
                    run.Pair.ToString(CultureInfo.InvariantCulture), run.Mode, .. writeCells,
                    read.Caller, Format.Ms(read.Reads.Latency.P50), Format.Ms(read.Reads.Latency.P99), Format.Rate(read.Reads.PerSecond),
                    Format.Ms(read.Reads.ServerCpuPerRequestMs), Format.Count((first ? run.Writes.Failed : 0) + read.Reads.Failed)]);
                first = false;
            }
        }

        table.AddNote($"Runs in the order off, on, off, on, each a fresh silo. Off: Registry__Security__Enabled=false, no token sent (statistics are exact for everyone). On: Registry__Security__Enabled=true with a random Registry__BootstrapAdminToken, with which the run provisions through the admin API the sites {string.Join(", ", Sites)}, a researcher bound to them, an analyst and an admin user, and a token for each. The per-token rate limit is lifted in both (Registry__Security__RateLimitPerSecond and RateLimitBurst = {LiftedRateLimit}); the audit trail is the embedded one, in memory.");
        table.AddNote($"Writes: {Format.Count(PreloadedCases)} cases preloaded, then new-case PUTs (201) at {phases.Clients} clients for {phases.WriteDuration.TotalSeconds:0.#} s after a {phases.WriteWarmup.TotalSeconds:0.#} s warm-up, as the researcher when on. Reads: GET {ReadPath} at {phases.Readers} readers for {phases.ReadDuration.TotalSeconds:0.#} s per caller after a {phases.ReadWarmup.TotalSeconds:0.#} s warm-up, once the statistics covered every write; when on, as the analyst (the suppressed view) and as the admin user (the exact view), both with issued tokens (the same authentication path). ″ = the same run as the row above.");
        table.AddNote("\"silo CPU ms/…\" is the silo process's CPU time over the phase divided by its successful requests: less sensitive to a busy machine than latency and rate.");
        return table;
    }

    private static ResultTable RatiosTable(IReadOnlyList<SecurityRunResult> runs)
    {
        var table = new ResultTable("Security: the cost of authentication, authorization and audit (on / off)",
            "pair", "measure", "off p50 ms", "on p50 ms", "p50 on/off", "off p99 ms", "on p99 ms", "silo CPU ms/request off → on", "CPU on/off", $"floor p50 ≤ {Format.Ratio(FloorRatio)}×");
        foreach (var pairRuns in runs.GroupBy(run => run.Pair))
        {
            var off = pairRuns.Single(run => !run.AccessControl);
            var on = pairRuns.Single(run => run.AccessControl);
            var offReads = off.Reads.Single().Reads;
            var measures = new (string Label, LoadResult Off, LoadResult On)[]
            {
                ("case create (researcher)", off.Writes, on.Writes),
                ("statistics summary, analyst (suppressed)", offReads, on.Reads.Single(read => read.Caller == AnalystCaller).Reads),
                ("statistics summary, admin (exact)", offReads, on.Reads.Single(read => read.Caller == AdminCaller).Reads),
            };
            foreach (var (label, offResult, onResult) in measures)
            {
                var ratio = onResult.Latency.P50 / offResult.Latency.P50;
                table.AddRow(pairRuns.Key.ToString(CultureInfo.InvariantCulture), label,
                    Format.Ms(offResult.Latency.P50), Format.Ms(onResult.Latency.P50), Format.Ratio(ratio),
                    Format.Ms(offResult.Latency.P99), Format.Ms(onResult.Latency.P99),
                    $"{Format.Ms(offResult.ServerCpuPerRequestMs)} → {Format.Ms(onResult.ServerCpuPerRequestMs)}",
                    Format.Ratio(onResult.ServerCpuPerRequestMs / offResult.ServerCpuPerRequestMs),
                    Format.Verdict(ratio <= FloorRatio && offResult.Failed == 0 && onResult.Failed == 0));
            }
        }

        table.AddNote($"Each pair compares two adjacent runs (off, then on); the floor, p50 latency on ≤ {Format.Ratio(FloorRatio)}× off, applies to the writes and to the statistics reads, and also needs no failed request. Both statistics rows share the same off run. The machine is shared and noisy: compare the pairs with each other, and the CPU ratio, before trusting one figure.");
        return table;
    }
}
