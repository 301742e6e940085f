using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace CalcinosisRegistry.Silo.Hosting;

/// <summary>
/// Healthy once this silo is Active in the cluster's membership: it has joined, and has not been declared dead or
/// begun to stop. Until then (or after) an orchestrator must not send it traffic.
/// </summary>
internal sealed class SiloMembershipHealthCheck(ILocalSiloDetails localSilo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(localSilo.SiloAddress);
        var active = snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"This silo is Active; {active} active silo(s) in the membership.")
            : HealthCheckResult.Unhealthy($"This silo is {status} in the membership, not Active."));
    }
}
