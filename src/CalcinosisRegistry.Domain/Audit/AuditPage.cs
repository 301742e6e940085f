namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// One page of matching entries in sequence order. <paramref name="NextAfterSequence"/> is the
/// <see cref="AuditQuery.AfterSequence"/> of the next page, or null when this page is the last.
/// </summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextAfterSequence);
