namespace CalcinosisRegistry.Contracts.Access;

[GenerateSerializer, Immutable, Alias("calcinosis.RegistrySite")]
public sealed record RegistrySite(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset CreatedAt);
