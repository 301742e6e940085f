using CalcinosisRegistry.Domain.Access;

namespace CalcinosisRegistry.Contracts.Access;

/// <summary>Who is calling, as established by the HTTP tier; carried into the grain layer to be checked again.</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.CallerIdentity")]
public sealed record CallerIdentity(
    [property: Id(0)] string UserId,
    [property: Id(1)] RegistryRole Role,
    [property: Id(2)] IReadOnlyList<string> Sites)
{
    public bool MaySeeCasesOf(string siteId) =>
        Role == RegistryRole.Researcher && Sites.Contains(siteId, StringComparer.Ordinal);
}
