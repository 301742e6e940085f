namespace CalcinosisRegistry.Contracts.Cases;

/// <summary>
/// What a write did, the case as it stands afterwards (null when it is absent or withdrawn), and its version
/// before and after (equal when nothing changed; 0 for a case that never existed).
/// </summary>
[GenerateSerializer, Immutable, Alias("calcinosis.CaseWriteResult")]
public sealed record CaseWriteResult(
    [property: Id(0)] CaseWriteOutcome Outcome,
    [property: Id(1)] CaseSnapshot? Current,
    [property: Id(2)] int VersionBefore,
    [property: Id(3)] int VersionAfter);
