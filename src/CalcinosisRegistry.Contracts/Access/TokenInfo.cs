namespace CalcinosisRegistry.Contracts.Access;

/// <summary>A token as admins see it: never its secret, which exists only in the response that issued it.</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.TokenInfo")]
public sealed record TokenInfo(
    [property: Id(0)] string TokenId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Name,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] DateTimeOffset? RevokedAt);
