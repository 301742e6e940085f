using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Contracts.Statistics;

/// <summary>A case's contribution as a shard holds it; a null contribution is a withdrawal kept as a tombstone.</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.ShardEntry")]
public sealed record ShardEntry(
    [property: Id(0)] string CaseKey,
    [property: Id(1)] int Version,
    [property: Id(2)] CaseContribution? Contribution);
