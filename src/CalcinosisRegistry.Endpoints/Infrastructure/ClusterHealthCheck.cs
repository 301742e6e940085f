using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Sites;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace CalcinosisRegistry.Endpoints.Infrastructure;

/// <summary>Healthy when a grain backed by the registry's storage answers within a few seconds; reports the active silos.</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var sites = await grains.GetRegistryGrain<ISiteDirectoryGrain>(RegistryKeys.SiteDirectory)
                .GetSitesAsync().WaitAsync(Timeout, cancellationToken);
            var activeSilos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"{activeSilos.Count} active silo(s); {sites.Count} site(s) hold cases.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster or its storage does not answer.", exception);
        }
    }
}
