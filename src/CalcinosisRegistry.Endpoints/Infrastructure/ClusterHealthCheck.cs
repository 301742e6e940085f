using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Sites;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CalcinosisRegistry.Endpoints.Infrastructure;

/// <summary>Healthy when a grain backed by the registry's storage answers within a few seconds.</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var sites = await grains.GetGrain<ISiteDirectoryGrain>(RegistryKeys.SiteDirectory)
                .GetSitesAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"The cluster answers; {sites.Count} site(s) hold cases.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster or its storage does not answer.", exception);
        }
    }
}
