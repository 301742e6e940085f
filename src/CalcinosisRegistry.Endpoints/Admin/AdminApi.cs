using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Orleans.Runtime;

namespace CalcinosisRegistry.Endpoints.Admin;

/// <summary>Operations for the people who run the cluster.</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapRegistryGroup("/api/admin", "Admin", RegistryPolicies.Admin);
        group.MapGet("/cluster", GetClusterAsync).Audited("admin.cluster.read").WithSummary("The silos of the cluster, their status and their activations.");
        group.MapPost("/statistics/rebuild", RebuildStatisticsAsync).Audited("admin.statistics.rebuild")
            .WithSummary("Recompute every statistic from the stored cases; the result equals the incrementally maintained one.");
        return group;
    }

    public static async Task<Ok<ClusterResponse>> GetClusterAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
        var runtime = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active);
        var bySilo = active.Zip(runtime).ToDictionary(pair => pair.First.ToParsableString(), pair => pair.Second);
        var silos = hosts
            .OrderBy(h => h.Status == SiloStatus.Active ? 0 : 1).ThenBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .Select(h =>
            {
                bySilo.TryGetValue(h.SiloAddress.ToParsableString(), out var stats);
                return new SiloResponse(h.SiloAddress.ToParsableString(), h.SiloName, h.HostName, h.Status.ToString(),
                    h.StartTime, h.IAmAliveTime, stats?.ActivationCount);
            })
            .ToList();
        return TypedResults.Ok(new ClusterResponse(active.Length, silos.Sum(s => s.Activations ?? 0), silos));
    }

    public static async Task<Ok<RebuildReport>> RebuildStatisticsAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetRegistryGrain<IStatisticsRebuildGrain>(RegistryKeys.StatisticsAdmin).RebuildAsync());
}
