using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Contracts.Statistics;

/// <summary>A type grain's running total at one revision (the revision grows with every change it receives).</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.TallySnapshot")]
public sealed record TallySnapshot(
    [property: Id(0)] long Revision,
    [property: Id(1)] StatisticsTally Tally);
