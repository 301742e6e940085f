namespace CalcinosisRegistry.Contracts.Cases;

/// <summary>What a write did, and the case as it stands afterwards (null when it is absent or withdrawn).</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.CaseWriteResult")]
public sealed record CaseWriteResult(
    [property: Id(0)] CaseWriteOutcome Outcome,
    [property: Id(1)] CaseSnapshot? Current);
