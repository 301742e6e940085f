using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>
/// Once the writes have stopped: the incrementally maintained statistics (every type, curve=false) must settle on
/// the number of live cases, and must equal what POST /api/admin/statistics/rebuild recomputes from the stored cases.
/// </summary>
internal static class StatisticsConvergence
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConvergeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Returns the failures (empty when converged), and writes what it saw to <paramref name="log"/>.</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(HttpClient http, IReadOnlyList<SiloEndpoint> silos, int expectedCases, Action<string> log)
    {
        var failures = new List<string>();

        // 1. The incremental statistics settle: "all" covers every acknowledged case and two reads agree.
        var settle = Stopwatch.StartNew();
        var before = await SnapshotAsync(http, silos[0]);
        while (settle.Elapsed < SettleTimeout)
        {
            await Task.Delay(500);
            var again = await SnapshotAsync(http, silos[^1]);
            var stable = SameAs(before, again) && CasesIncluded(again) == expectedCases;
            before = again;
            if (stable)
            {
                break;
            }
        }

        log($"statistics before rebuild (after {settle.Elapsed.TotalSeconds:0.0} s of settling): all.casesIncluded = {CasesIncluded(before)}, expected {expectedCases}");
        if (CasesIncluded(before) != expectedCases)
        {
            failures.Add($"Within {SettleTimeout.TotalSeconds:0} s after the writes stopped, GET /api/statistics/types/all?curve=false covers "
                + $"{CasesIncluded(before)} cases, but {expectedCases} distinct cases were acknowledged (none withdrawn).");
        }

        // 2. A rebuild recomputes everything from the stored cases; the incremental figures must equal it.
        var (rebuildStatus, rebuildBody) = await RebuildAsync(http, silos[0]);
        log($"POST /api/admin/statistics/rebuild → {(int)rebuildStatus}: {rebuildBody}");
        if (rebuildStatus != HttpStatusCode.OK)
        {
            failures.Add($"POST /api/admin/statistics/rebuild answered {(int)rebuildStatus}: {rebuildBody}");
            return failures;
        }

        var converge = Stopwatch.StartNew();
        var after = await SnapshotAsync(http, silos[^1]);
        while (!SameAs(before, after) && converge.Elapsed < ConvergeTimeout)
        {
            await Task.Delay(500);
            after = await SnapshotAsync(http, silos[converge.Elapsed.Seconds % silos.Count]);
        }

        foreach (var type in RegistryHttp.StatisticsTypes)
        {
            if (!JsonNode.DeepEquals(JsonNode.Parse(before[type]), JsonNode.Parse(after[type])))
            {
                failures.Add($"Statistics of '{type}' differ between the incremental figures and the rebuild (polled {ConvergeTimeout.TotalSeconds:0} s):\n"
                    + $"  before rebuild: {before[type]}\n  after rebuild:  {after[type]}");
            }
        }

        log($"statistics after rebuild equal the incremental ones: {failures.Count == 0} (all.casesIncluded = {CasesIncluded(after)})");
        return failures;
    }

    private static async Task<(HttpStatusCode Status, string Body)> RebuildAsync(HttpClient http, SiloEndpoint silo)
    {
        (HttpStatusCode Status, string Body) last = default;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            last = await RegistryHttp.RebuildStatisticsAsync(http, silo.BaseAddress);
            if (!RegistryHttp.IsWorthRetrying(last.Status))
            {
                break;
            }

            await Task.Delay(2000);
        }

        return last;
    }

    private static async Task<Dictionary<string, string>> SnapshotAsync(HttpClient http, SiloEndpoint silo)
    {
        var snapshot = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in RegistryHttp.StatisticsTypes)
        {
            // An error answer, or none (status 0), is recorded as such: the snapshot then never equals a real one, and
            // the failure says why.
            var (status, body) = await RegistryHttp.GetStatisticsAsync(http, silo.BaseAddress, type);
            snapshot[type] = status == HttpStatusCode.OK
                ? body
                : $"{{\"silo\":{JsonSerializer.Serialize(silo.Name)},\"httpStatus\":{(int)status},\"body\":{JsonSerializer.Serialize(body)}}}";
        }

        return snapshot;
    }

    private static bool SameAs(Dictionary<string, string> left, Dictionary<string, string> right) =>
        RegistryHttp.StatisticsTypes.All(type => JsonNode.DeepEquals(JsonNode.Parse(left[type]), JsonNode.Parse(right[type])));

    private static int CasesIncluded(Dictionary<string, string> snapshot)
    {
        using var document = JsonDocument.Parse(snapshot["all"]);
        return document.RootElement.TryGetProperty("casesIncluded", out var cases) ? cases.GetInt32() : -1;
    }
}
