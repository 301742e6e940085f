using System.Diagnostics;
using CalcinosisRegistry.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CalcinosisRegistry.Cluster.Tests;

/// <summary>
/// Two silo processes on a PostgreSQL server of this test alone, under a steady write load; the server is stopped
/// for 20 s and started again. During the outage every write must get a prompt 503 problem document (never a 500,
/// never a hang) and /health must say 503; afterwards the same silos, never restarted, must accept writes again,
/// and everything acknowledged at any time must be readable with its exact content.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LoadBeforeOutage = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PromptAnswer = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LoadAfterRecovery = TimeSpan.FromSeconds(4);

    private static readonly WriteLoadShape Load = new(
        Sites: ["capital-rheum", "riverside-childrens"],
        CasesPerSite: 120,
        Writers: 8,
        // Longer than PromptAnswer, so a slow answer is measured rather than cut off; no answer at all is a hang.
        RequestTimeout: TimeSpan.FromSeconds(15),
        RetryDeadline: TimeSpan.FromSeconds(80),
        PauseBetweenWrites: TimeSpan.FromMilliseconds(20),
        PauseBetweenRetries: TimeSpan.FromMilliseconds(250),
        Seed: 23);

    [Fact]
    public async Task Writes_get_a_prompt_503_while_PostgreSQL_is_down_and_succeed_again_after_it_returns_without_losing_anything()
    {
        await using var server = await OwnPostgreSqlServer.StartAsync();
        var database = await TestDatabases.CreateAsync(server.AdminConnectionString, "outage");
        using var http = RegistryHttp.CreateClient();
        using var silos = new SiloGroup();
        try
        {
            var clusterId = "outage-" + Guid.NewGuid().ToString("N")[..8];
            await silos.StartAsync(http, database, clusterId, count: 2, namePrefix: "silo");
            output.WriteLine($"2 silos healthy on PostgreSQL port {server.Port}; logs in {silos.LogDirectory}");

            var clock = Stopwatch.StartNew();
            var endpoints = silos.Endpoints();
            var load = new CaseWriteLoad(endpoints, http, clock, Load);
            var health = new HealthWatcher(endpoints, http, clock);
            using var stopWriting = new CancellationTokenSource();
            using var stopWatching = new CancellationTokenSource();
            var writing = load.RunAsync(stopWriting.Token);
            var watching = health.RunAsync(stopWatching.Token);

            await Task.Delay(LoadBeforeOutage);
            var pauseRequestedAt = clock.Elapsed;
            await server.PauseAsync();
            var pausedAt = clock.Elapsed;
            var acknowledgedBeforeOutage = load.Ledger.Count;
            output.WriteLine($"PostgreSQL stopped at +{pausedAt.TotalSeconds:0.000} s (pause took {(pausedAt - pauseRequestedAt).TotalMilliseconds:0} ms) after {acknowledgedBeforeOutage} acknowledged writes");

            await Task.Delay(Outage);
            var resumeRequestedAt = clock.Elapsed;
            await server.ResumeAsync();
            var resumedAt = clock.Elapsed;
            output.WriteLine($"PostgreSQL started again at +{resumedAt.TotalSeconds:0.000} s");

            var recoveredAt = await WaitForNewWriteAsync(load, resumedAt, clock, RecoveryLimit);
            output.WriteLine(recoveredAt is { } recovered
                ? $"recovery (PostgreSQL back → first newly stored write): {(recovered - resumedAt).TotalSeconds:0.0} s"
                : $"no write was stored within {RecoveryLimit.TotalSeconds:0} s after PostgreSQL came back");

            await Task.Delay(LoadAfterRecovery);
            stopWriting.Cancel();
            await writing;
            stopWatching.Cancel();
            await watching;

            var failures = new List<string>();
            if (recoveredAt is null)
            {
                failures.Add($"No write was stored (201, or 200 with a new version) within {RecoveryLimit.TotalSeconds:0} s after PostgreSQL came back; the silos were not restarted.");
            }

            failures.AddRange(OutageFailures(load, health, pauseRequestedAt, pausedAt, resumeRequestedAt));
            failures.AddRange(load.Anomalies);
            failures.AddRange(load.Unresolved.Select(u =>
                $"{u.CaseKey}: a write was never acknowledged within {Load.RetryDeadline.TotalSeconds:0} s of retries; last attempt: {u.LastAttempt}"));
            ReportLoad(load, health, pausedAt, resumeRequestedAt);

            var ledger = load.Ledger.ToList();
            failures.AddRange(await LedgerVerifier.VerifyAsync(http, endpoints, ledger, load.Unresolved));
            var distinctCases = ledger.Select(w => w.CaseKey).Distinct(StringComparer.Ordinal).Count();
            output.WriteLine($"ledger: {ledger.Count} acknowledged writes over {distinctCases} cases verified");
            failures.AddRange(await AuditTrailVerifier.VerifyAsync(http, endpoints[0], database, ledger));
            failures.AddRange(await StoredVersionAuditVerifier.VerifyAsync(database));
            failures.AddRange(await StatisticsConvergence.CheckAsync(http, endpoints, distinctCases, output.WriteLine));

            foreach (var silo in silos.Silos.Where(s => s.HasExited))
            {
                failures.Add($"{silo.Name} exited during the test; it must ride out a database outage.");
            }

            Assert.True(failures.Count == 0, $"{failures.Count} failure(s):\n" + string.Join("\n", failures.Take(40)));
        }
        catch (Exception exception)
        {
            silos.ReportFailure(output, exception);
            throw;
        }
        finally
        {
            silos.Dispose();
        }
    }

    /// <summary>The first write stored after the database came back: a create, or a replace with a higher version.</summary>
    private static async Task<TimeSpan?> WaitForNewWriteAsync(CaseWriteLoad load, TimeSpan resumedAt, Stopwatch clock, TimeSpan limit)
    {
        while (clock.Elapsed < resumedAt + limit + TimeSpan.FromSeconds(1))
        {
            var stored = NewlyStoredWrites(load).Where(w => w.At >= resumedAt).Select(w => (TimeSpan?)w.At).Min();
            if (stored is { } at)
            {
                return at <= resumedAt + limit ? at : null;
            }

            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>Acknowledged writes that stored something (not the 200 no-op of an identical re-send).</summary>
    private static IEnumerable<AcknowledgedWrite> NewlyStoredWrites(CaseWriteLoad load)
    {
        var highest = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var write in load.Ledger.OrderBy(w => w.At))
        {
            var previous = highest.GetValueOrDefault(write.CaseKey);
            if (write.Version > previous)
            {
                highest[write.CaseKey] = write.Version;
                yield return write;
            }
        }
    }

    private static IEnumerable<string> OutageFailures(
        CaseWriteLoad load, HealthWatcher health, TimeSpan pauseRequestedAt, TimeSpan pausedAt, TimeSpan resumeRequestedAt)
    {
        // Any write that overlaps the outage must be answered promptly, and never with a 500.
        foreach (var attempt in load.Attempts.Where(a => a.EndedAt > pauseRequestedAt && a.StartedAt < resumeRequestedAt))
        {
            if (attempt.Status is null)
            {
                yield return $"a write got no answer during the outage (a hang or a dropped connection): {attempt}";
            }
            else if (attempt.Elapsed > PromptAnswer)
            {
                yield return $"a write during the outage was answered only after {attempt.Elapsed.TotalSeconds:0.0} s (limit {PromptAnswer.TotalSeconds:0} s): {attempt}";
            }
        }

        // Writes entirely inside the outage: a 503 problem document. A 2xx could only be the no-op re-send of a stored document.
        var inside = load.Attempts.Where(a => a.StartedAt >= pausedAt && a.EndedAt <= resumeRequestedAt).ToList();
        foreach (var attempt in inside.Where(a => a.Status is not null && !(a.Status == 503 && a.IsProblemDocument) && !(a.IsAcknowledged && a.IsRetry)))
        {
            yield return $"a write while PostgreSQL was down did not get a 503 problem document: {attempt}";
        }

        if (!inside.Any(a => a.Status == 503))
        {
            yield return $"no write got a 503 while PostgreSQL was down ({inside.Count} attempts inside the outage).";
        }

        var healthInside = health.Samples.Where(s => s.StartedAt >= pausedAt && s.StartedAt + s.Elapsed <= resumeRequestedAt).ToList();
        foreach (var sample in healthInside.Where(s => s.Status != 503 || s.Elapsed > PromptAnswer))
        {
            yield return $"GET /health while PostgreSQL was down must answer 503 within {PromptAnswer.TotalSeconds:0} s: {sample}";
        }

        if (healthInside.Count == 0)
        {
            yield return "GET /health was never answered while PostgreSQL was down.";
        }
    }

    private void ReportLoad(CaseWriteLoad load, HealthWatcher health, TimeSpan pausedAt, TimeSpan resumeRequestedAt)
    {
        var attempts = load.Attempts.ToList();
        var beforeFault = attempts.Where(a => a.EndedAt < pausedAt && a.IsAcknowledged).Select(a => a.Elapsed).Order().ToList();
        if (beforeFault.Count > 0)
        {
            output.WriteLine($"write latency before the fault: {beforeFault.Count} acknowledged, median {beforeFault[beforeFault.Count / 2].TotalMilliseconds:0} ms, max {beforeFault[^1].TotalMilliseconds:0} ms");
        }

        var inside = attempts.Where(a => a.StartedAt >= pausedAt && a.EndedAt <= resumeRequestedAt).ToList();
        output.WriteLine($"load: {attempts.Count} attempts, {load.Ledger.Count} acknowledged, {load.Anomalies.Count} anomalies, {load.Unresolved.Count} unresolved");
        output.WriteLine($"during the outage: {inside.Count} write attempts — "
            + string.Join(", ", inside.GroupBy(a => a.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer").Select(g => $"{g.Count()} × {g.Key}"))
            + (inside.Count > 0 ? $"; latency max {inside.Max(a => a.Elapsed).TotalMilliseconds:0} ms, median {inside.Select(a => a.Elapsed).Order().ElementAt(inside.Count / 2).TotalMilliseconds:0} ms" : string.Empty));
        var healthInside = health.Samples.Where(s => s.StartedAt >= pausedAt && s.StartedAt + s.Elapsed <= resumeRequestedAt).ToList();
        output.WriteLine($"/health during the outage: {healthInside.Count} samples — "
            + string.Join(", ", healthInside.GroupBy(s => s.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer").Select(g => $"{g.Count()} × {g.Key}"))
            + (healthInside.Count > 0 ? $"; latency max {healthInside.Max(s => s.Elapsed).TotalMilliseconds:0} ms" : string.Empty));
        foreach (var sample in inside.Take(3))
        {
            output.WriteLine("  e.g. " + sample);
        }
    }
}
