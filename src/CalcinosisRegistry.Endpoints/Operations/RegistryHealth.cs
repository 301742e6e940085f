using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CalcinosisRegistry.Endpoints.Operations;

/// <summary>
/// Health for orchestrators and for admins. The anonymous probes answer only a status word: <c>/health/live</c>
/// (the process serves HTTP), <c>/health/ready</c> (every check tagged <see cref="ReadyTag"/>: the silo has joined the
/// cluster, grains and storage answer, PostgreSQL answers) and <c>/health</c> (every check, kept for existing
/// monitors). What each check found (silo counts, sites, errors) is for admins only, at <c>/api/admin/health</c>.
/// </summary>
public static class RegistryHealth
{
    /// <summary>The tag of the checks that must pass before a process may receive traffic.</summary>
    public const string ReadyTag = "ready";

    public static IHealthChecksBuilder AddRegistryHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);

    public static WebApplication MapRegistryHealth(this WebApplication app)
    {
        var unhealthyIs503 = new Dictionary<HealthStatus, int>
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        };
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResultStatusCodes = unhealthyIs503 })
            .ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResultStatusCodes = unhealthyIs503 })
            .ExcludeFromDescription();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResultStatusCodes = unhealthyIs503 })
            .ExcludeFromDescription();

        app.MapRegistryGroup("/api/admin", "Admin", RegistryPolicies.Admin)
            .MapGet("/health", GetHealthDetailsAsync).Audited("admin.health.read")
            .WithSummary("Every health check of this process with what it found; 200 whatever the status (see its status field).");
        return app;
    }

    public static async Task<Ok<HealthDetails>> GetHealthDetailsAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        return TypedResults.Ok(HealthDetails.From(report));
    }
}
