namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// One thing the web tier records: who (<paramref name="Actor"/>, <paramref name="Role"/>), when (<paramref name="At"/>),
/// what (<paramref name="Action"/> such as <c>case.read</c>, <c>case.create</c>, <c>case.replace</c>, <c>case.withdraw</c>,
/// <c>case.list</c>, <c>statistics.read</c>, <c>admin.user.create</c>), on which site and case, the case version before
/// and after, and how it ended (<paramref name="Outcome"/> such as <c>allowed</c>, <c>denied</c>, <c>not-found</c>,
/// <c>invalid</c>, <c>failed</c>; <paramref name="Status"/> is the HTTP status sent), and the token that authenticated
/// the request (<paramref name="TokenId"/>, the token's public id, never its secret; null for anonymous requests,
/// OpenID Connect callers and entries written before tokens were recorded).
/// </summary>
/// <remarks>
/// Appending normalises the event (see <see cref="AuditChain.Normalize"/>): the stored and hashed time is UTC with
/// microsecond precision, because that is what PostgreSQL's timestamptz keeps; hashing more precision than the
/// database stores would make every durable entry fail verification.
/// </remarks>
public sealed record AuditEvent(
    DateTimeOffset At,
    string Actor,
    string Role,
    string Action,
    string? SiteId,
    string? CaseId,
    int? VersionBefore,
    int? VersionAfter,
    string Outcome,
    int? Status,
    string? Detail,
    string? TokenId = null);
