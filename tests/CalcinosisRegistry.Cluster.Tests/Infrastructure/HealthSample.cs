namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>One GET /health: when, on which silo, what it answered (null: no answer) and how long it took.</summary>
internal sealed record HealthSample(string Silo, TimeSpan StartedAt, TimeSpan Elapsed, int? Status, string? Error)
{
    public override string ToString() =>
        $"GET /health via {Silo} at +{StartedAt.TotalSeconds:0.000} s: {(Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer")}"
        + $" after {Elapsed.TotalMilliseconds:0} ms{(Error is null ? string.Empty : "; " + Error)}";
}
