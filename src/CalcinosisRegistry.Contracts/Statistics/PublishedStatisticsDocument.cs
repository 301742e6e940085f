namespace CalcinosisRegistry.Contracts.Statistics;

/// <summary>Suppressed statistics as JSON: the whole set, and each type (by wire name, "all" included) on its own.</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.PublishedStatisticsDocument")]
public sealed record PublishedStatisticsDocument(
    [property: Id(0)] string Json,
    [property: Id(1)] IReadOnlyDictionary<string, string> TypeJson);
