namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>An import's state, preview counts, and commit progress and outcomes.</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.ImportStatus")]
public sealed record ImportStatus(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string Format,
    [property: Id(2)] ImportPhase Phase,
    [property: Id(3)] string CreatedBy,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] ImportCounts Preview,
    [property: Id(7)] ImportCounts Outcomes,
    [property: Id(8)] int Total,
    [property: Id(9)] int Processed,
    [property: Id(10)] int Faults,
    [property: Id(11)] DateTimeOffset? CommitStartedAt,
    [property: Id(12)] DateTimeOffset? CommitFinishedAt);
