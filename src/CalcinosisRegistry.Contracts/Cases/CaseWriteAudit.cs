using CalcinosisRegistry.Domain.Audit;

namespace CalcinosisRegistry.Contracts.Cases;

/// <summary>
/// Who asks for a case write and through which API action, handed to the case grain so that a storage able to do so
/// commits the write's audit entry in the same transaction as the case state (see <see cref="CaseWriteResult.Audited"/>).
/// </summary>
/// <remarks>
/// The web tier still decides everything else about its audit entries; this carries only what the grain cannot know.
/// The entry it becomes records the answer a stored write gets from the API, so <see cref="StatusOf"/> is the
/// API's status for each stored outcome.
/// </remarks>
[GenerateSerializer, Immutable, Alias("calcinosis.CaseWriteAudit")]
public sealed record CaseWriteAudit(
    [property: Id(0)] string Actor,
    [property: Id(1)] string Role,
    [property: Id(2)] string Action,
    [property: Id(3)] string? TokenId = null)
{
    /// <summary>The outcome recorded for a write that was stored: every stored write was allowed.</summary>
    public const string StoredOutcome = "allowed";

    /// <summary>The entry recording a stored write of the case <paramref name="siteId"/>/<paramref name="caseId"/>.</summary>
    public AuditEvent ToEvent(DateTimeOffset at, string siteId, string caseId, CaseWriteOutcome outcome, int versionBefore, int versionAfter) =>
        new(at, Actor, Role, Action, siteId, caseId, versionBefore, versionAfter, StoredOutcome, StatusOf(outcome), Detail: null, TokenId);

    /// <summary>The HTTP status the API answers a stored write with (201 Created, 200 OK, 204 No Content).</summary>
    public static int StatusOf(CaseWriteOutcome outcome) => outcome switch
    {
        CaseWriteOutcome.Created => 201,
        CaseWriteOutcome.Replaced => 200,
        CaseWriteOutcome.Withdrawn => 204,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Only a stored write is audited with its state."),
    };
}
