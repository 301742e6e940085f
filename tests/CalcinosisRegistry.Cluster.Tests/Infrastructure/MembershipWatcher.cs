using System.Diagnostics;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>Polls /api/admin/cluster of surviving silos until a killed silo is listed as Dead.</summary>
internal static class MembershipWatcher
{
    /// <summary>The clock time at which the silo was first seen Dead, or null (with the last view) if not within the timeout.</summary>
    public static async Task<(TimeSpan? DeadAt, string LastView)> WaitForDeadAsync(
        HttpClient http, IReadOnlyList<SiloEndpoint> survivors, string siloAddressPrefix, Stopwatch clock, TimeSpan timeout)
    {
        var until = clock.Elapsed + timeout;
        var lastView = "no answer yet";
        var next = 0;
        while (clock.Elapsed < until)
        {
            var survivor = survivors[next++ % survivors.Count];
            try
            {
                var silos = await RegistryHttp.GetClusterAsync(http, survivor.BaseAddress);
                lastView = $"via {survivor.Name}: " + string.Join(", ", silos.Select(s => $"{s.Address}={s.Status}"));
                if (silos.Any(s => s.Address.StartsWith(siloAddressPrefix, StringComparison.Ordinal) && s.Status == "Dead"))
                {
                    return (clock.Elapsed, lastView);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException or KeyNotFoundException)
            {
                lastView = $"via {survivor.Name}: {exception.Message}";
            }

            await Task.Delay(500);
        }

        return (null, lastView);
    }
}
