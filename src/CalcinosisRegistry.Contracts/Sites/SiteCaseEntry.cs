namespace CalcinosisRegistry.Contracts.Sites;

[GenerateSerializer, Immutable, Alias("calcinosis.SiteCaseEntry")]
public sealed record SiteCaseEntry(
    [property: Id(0)] string CaseId,
    [property: Id(1)] int Version,
    [property: Id(2)] bool Withdrawn,
    [property: Id(3)] string? CalcinosisType,
    [property: Id(4)] DateTimeOffset UpdatedAt);
