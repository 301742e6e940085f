namespace CalcinosisRegistry.Domain.Audit;

/// <summary>The registry's append-only, hash-chained audit trail.</summary>
public interface IAuditLog
{
    /// <summary>
    /// Records <paramref name="e"/> as the next entry. When the task completes successfully the entry is as durable as
    /// the implementation gets (committed, for PostgreSQL); when storage fails it faults, it never drops silently,
    /// so the caller can refuse to answer (503) rather than serve an unrecorded request.
    /// </summary>
    Task AppendAsync(AuditEvent e, CancellationToken ct);

    /// <summary>Entries matching <paramref name="query"/>, in sequence order, one page at a time.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct);

    /// <summary>Re-checks the whole chain against the separately kept head.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken ct);
}
