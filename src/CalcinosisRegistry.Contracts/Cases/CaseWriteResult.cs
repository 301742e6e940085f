namespace CalcinosisRegistry.Contracts.Cases;

/// <summary>
/// What a write did, the case as it stands afterwards (null when it is absent or withdrawn), and its version
/// before and after (equal when nothing changed; 0 for a case that never existed). <see cref="Audited"/> is true when
/// the write's audit entry was committed with the case state (see <see cref="CaseWriteAudit"/>), so the web tier must
/// not append another one for the same answer.
/// </summary>
[GenerateSerializer, Immutable, Alias("calcinosis.CaseWriteResult")]
public sealed record CaseWriteResult(
    [property: Id(0)] CaseWriteOutcome Outcome,
    [property: Id(1)] CaseSnapshot? Current,
    [property: Id(2)] int VersionBefore,
    [property: Id(3)] int VersionAfter,
    [property: Id(4)] bool Audited = false);
