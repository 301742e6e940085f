namespace CalcinosisRegistry.Domain.Audit;

/// <summary>
/// One page of matching entries in listing order (<see cref="AuditEntry.Position"/>). <paramref name="NextAfterSequence"/>
/// is the <see cref="AuditQuery.AfterSequence"/> of the next page (the last entry's position), or null when this page
/// is the last.
/// </summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextAfterSequence);
