using CalcinosisRegistry.Domain.Audit;

namespace CalcinosisRegistry.Persistence.PostgreSql.Commit;

/// <summary>
/// What one caller hands to the next group commit: a grain state row, an audit entry, or both (a case write and the
/// entry recording it), and the caller waiting for that commit. With both, the entry is appended only if the row is
/// stored, in the same transaction.
/// </summary>
internal sealed class PendingCommit
{
    // Continuations run asynchronously so the writer loop never executes a caller's request pipeline inline
    // (which would delay the next batch by however long that request takes).
    private readonly TaskCompletionSource<int?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingCommit(string? serviceId, PendingGrainStateWrite? stateWrite, AuditEvent? normalizedEntry)
    {
        if (stateWrite is null && normalizedEntry is null)
        {
            throw new ArgumentException("A commit carries a state row, an audit entry or both.");
        }

        if ((serviceId is null) != (stateWrite is null))
        {
            throw new ArgumentException("A state row needs its service id, and only a state row has one.", nameof(serviceId));
        }

        ServiceId = serviceId;
        StateWrite = stateWrite;
        Entry = normalizedEntry;
    }

    /// <summary>The Orleans service the state row belongs to; set exactly when <see cref="StateWrite"/> is.</summary>
    public string? ServiceId { get; }

    public PendingGrainStateWrite? StateWrite { get; }

    /// <summary>The audit entry (normalised), or null for a state row written without one.</summary>
    public AuditEvent? Entry { get; }

    /// <summary>
    /// Completes once the transaction carrying this commit has: with the state row's new version, or null when the row
    /// refused the write (a stale or duplicate first write; its entry was left out) or there was no row. Faults with
    /// the transaction's exception.
    /// </summary>
    public Task<int?> Outcome => _outcome.Task;

    public void MarkCommitted(int? storedVersion) => _outcome.TrySetResult(storedVersion);

    public void MarkFailed(Exception exception) => _outcome.TrySetException(exception);
}
