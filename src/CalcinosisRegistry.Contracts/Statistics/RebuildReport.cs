namespace CalcinosisRegistry.Contracts.Statistics;

[GenerateSerializer, Immutable, Alias("calcinosis.RebuildReport")]
public sealed record RebuildReport(
    [property: Id(0)] int Sites,
    [property: Id(1)] int Cases,
    [property: Id(2)] int LiveCases,
    [property: Id(3)] TimeSpan Duration);
