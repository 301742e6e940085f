namespace CalcinosisRegistry.Contracts.Cases;

/// <summary>One change of a case: the ground on which the audit trail stands. <c>Digest</c> is the SHA-256 of the canonical document (empty for a withdrawal).</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.CaseHistoryEntry")]
public sealed record CaseHistoryEntry(
    [property: Id(0)] int Version,
    [property: Id(1)] CaseOperation Operation,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Digest);
