using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CalcinosisRegistry.Endpoints.Operations;

/// <summary>The admin's view of this process's health: each check, its status, what it found and how long it took.</summary>
public sealed record HealthDetails(string Status, IReadOnlyList<HealthCheckDetail> Checks)
{
    public static HealthDetails From(HealthReport report) => new(
        report.Status.ToString(),
        report.Entries.Select(entry => new HealthCheckDetail(
            entry.Key,
            entry.Value.Status.ToString(),
            entry.Value.Description,
            entry.Value.Exception?.Message,
            entry.Value.Duration.TotalMilliseconds,
            entry.Value.Tags.ToList())).ToList());
}
