using CalcinosisRegistry.Contracts.Access;

namespace CalcinosisRegistry.Grains.Access;

[GenerateSerializer, Alias("calcinosis.StoredToken")]
public sealed record StoredToken(
    [property: Id(0)] TokenInfo Info,
    [property: Id(1)] string SecretHash);
