namespace CalcinosisRegistry.Contracts.Access;

/// <summary>A newly issued token, with its secret: shown once.</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.IssuedToken")]
public sealed record IssuedToken(
    [property: Id(0)] TokenInfo Info,
    [property: Id(1)] string Token);
