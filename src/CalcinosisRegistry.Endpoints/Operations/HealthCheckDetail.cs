namespace CalcinosisRegistry.Endpoints.Operations;

public sealed record HealthCheckDetail(string Name, string Status, string? Description, string? Error, double DurationMs, IReadOnlyList<string> Tags);
