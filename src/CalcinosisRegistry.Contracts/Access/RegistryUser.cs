using CalcinosisRegistry.Domain.Access;

namespace CalcinosisRegistry.Contracts.Access;

/// <summary>A person or script known to the registry. Researchers are bound to sites; the others to none.</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.RegistryUser")]
public sealed record RegistryUser(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] RegistryRole Role,
    [property: Id(3)] IReadOnlyList<string> Sites,
    [property: Id(4)] string? OidcSubject,
    [property: Id(5)] DateTimeOffset CreatedAt);
