namespace CalcinosisRegistry.Contracts.Sites;

[GenerateSerializer, Immutable, Alias("calcinosis.SiteCasePage")]
public sealed record SiteCasePage(
    [property: Id(0)] IReadOnlyList<SiteCaseEntry> Items,
    [property: Id(1)] int Total,
    [property: Id(2)] string? NextAfter);
