namespace CalcinosisRegistry.Contracts.Access;

/// <summary>The outcome of checking a registry token: the caller it stands for, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.TokenCheck")]
public sealed record TokenCheck(
    [property: Id(0)] CallerIdentity? Caller,
    [property: Id(1)] TokenFault Fault)
{
    public static TokenCheck Refused(TokenFault fault) => new(null, fault);

    public static TokenCheck Accepted(CallerIdentity caller) => new(caller, TokenFault.None);
}
