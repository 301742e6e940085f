namespace CalcinosisRegistry.Contracts.Access;

/// <summary>
/// Why a presented registry token was refused. An unknown token id and a wrong secret are ONE fault, so a caller
/// without the secret cannot learn whether a token id exists; the other faults are told only to a caller who
/// presented the right secret.
/// </summary>
[GenerateSerializer, Alias("calcinosis.TokenFault")]
public enum TokenFault
{
    None = 0,
    UnknownOrWrongSecret = 1,
    Expired = 2,
    Revoked = 3,
    UserDeleted = 4,
}
