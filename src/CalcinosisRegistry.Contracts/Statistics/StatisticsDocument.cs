namespace CalcinosisRegistry.Contracts.Statistics;

/// <summary>A type's statistics as the JSON of contract section 3, ready to send.</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.StatisticsDocument")]
public sealed record StatisticsDocument(
    [property: Id(0)] string Json,
    [property: Id(1)] int CasesIncluded,
    [property: Id(2)] DateTimeOffset ComputedAt);
