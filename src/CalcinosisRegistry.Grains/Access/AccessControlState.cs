using CalcinosisRegistry.Contracts.Access;

namespace CalcinosisRegistry.Grains.Access;

[GenerateSerializer, Alias("calcinosis.AccessControlState")]
public sealed class AccessControlState
{
    [Id(0)] public Dictionary<string, RegistrySite> Sites { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public Dictionary<string, RegistryUser> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Token id → its record; the secret itself is never stored, only its hash.</summary>
    [Id(2)] public Dictionary<string, StoredToken> Tokens { get; set; } = new(StringComparer.Ordinal);
}
