using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>
/// After a fault, how long until the registry's views agree with what it acknowledged: every acknowledged case is in
/// its site's listing (GET /api/sites/{site}/cases) and counted by the statistics (GET /api/statistics/types/all),
/// as it is readable by GET (the ledger check). Polled on the survivors from the moment the writes stop.
/// </summary>
internal static class ViewConvergence
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The first view, and the clock time at which the views agreed (null if not within <paramref name="timeout"/>).</summary>
    public static async Task<(string FirstView, string LastView, TimeSpan? AgreedAt)> WaitAsync(
        HttpClient http, IReadOnlyList<SiloEndpoint> silos, IReadOnlyList<string> sites, IReadOnlyCollection<AcknowledgedWrite> ledger,
        IEnumerable<UnresolvedWrite> unresolved, Stopwatch clock, TimeSpan timeout)
    {
        var acknowledged = ledger.Select(w => w.CaseKey).ToHashSet(StringComparer.Ordinal);
        var perhapsStored = unresolved.Select(u => u.CaseKey).ToHashSet(StringComparer.Ordinal);
        var until = clock.Elapsed + timeout;
        string? first = null;
        var last = string.Empty;
        var next = 0;
        while (true)
        {
            var silo = silos[next++ % silos.Count];
            var (listed, listingProblem) = await ListedAsync(http, silo, sites);
            var counted = await CountedAsync(http, silo);
            var missing = acknowledged.Count(key => !listed.Contains(key));
            var extra = listed.Count(key => !acknowledged.Contains(key) && !perhapsStored.Contains(key));
            last = $"via {silo.Name} at +{clock.Elapsed.TotalSeconds:0.0} s: {acknowledged.Count} acknowledged cases; listings hold {listed.Count} "
                + $"({missing} acknowledged missing, {extra} never written){listingProblem}; statistics count {counted}";
            first ??= last;
            if (listingProblem.Length == 0 && missing == 0 && extra == 0 && counted == listed.Count)
            {
                return (first, last, clock.Elapsed);
            }

            if (clock.Elapsed >= until)
            {
                return (first, last, null);
            }

            await Task.Delay(PollInterval);
        }
    }

    private static async Task<(HashSet<string> Listed, string Problem)> ListedAsync(HttpClient http, SiloEndpoint silo, IReadOnlyList<string> sites)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var site in sites)
        {
            string? after = null;
            do
            {
                var query = after is null ? "limit=500" : $"limit=500&after={Uri.EscapeDataString(after)}";
                var (status, body) = await RegistryHttp.TrySendAsync(http, HttpMethod.Get, new Uri(silo.BaseAddress, $"/api/sites/{site}/cases?{query}"));
                if (status != HttpStatusCode.OK)
                {
                    return (listed, $", listing of {site} answered {(int)status}");
                }

                using var page = JsonDocument.Parse(body);
                foreach (var item in page.RootElement.GetProperty("items").EnumerateArray())
                {
                    listed.Add($"{site}/{item.GetProperty("caseId").GetString()}");
                }

                after = page.RootElement.GetProperty("nextAfter").ValueKind == JsonValueKind.String ? page.RootElement.GetProperty("nextAfter").GetString() : null;
            }
            while (after is not null);
        }

        return (listed, string.Empty);
    }

    private static async Task<int> CountedAsync(HttpClient http, SiloEndpoint silo)
    {
        var (status, body) = await RegistryHttp.GetStatisticsAsync(http, silo.BaseAddress, "all");
        if (status != HttpStatusCode.OK)
        {
            return -1;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("casesIncluded", out var cases) ? cases.GetInt32() : -1;
    }
}
