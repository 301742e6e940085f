using CalcinosisRegistry.Domain.Analyses;

namespace CalcinosisRegistry.Contracts.Statistics;

/// <summary>
/// A shard's partial statistics for one analysis. [Immutable]: the shard builds it for this answer only and never
/// touches it again, so within a silo it is passed by reference instead of copied through JSON.
/// </summary>
[GenerateSerializer, Immutable, Alias("calcinosis.AnalysisShardResult")]
public sealed record AnalysisShardResult([property: Id(0)] AnalysisPartial Partial);
