using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.GrainState;

namespace CalcinosisRegistry.Persistence.PostgreSql.Audit;

/// <summary>
/// An event waiting for the next group commit, and the caller waiting for that commit. When the event records a
/// grain state write (<see cref="StateWrite"/>), the two commit in one transaction and the caller waits on the write's
/// outcome instead: the event is appended only if the write is stored.
/// </summary>
internal sealed class PendingAuditAppend(AuditEvent normalizedEvent, string? serviceId = null, PendingGrainStateWrite? stateWrite = null)
{
    public AuditEvent Event { get; } = normalizedEvent;

    /// <summary>The Orleans service the state row belongs to; set exactly when <see cref="StateWrite"/> is.</summary>
    public string? ServiceId { get; } = serviceId;

    public PendingGrainStateWrite? StateWrite { get; } = stateWrite;

    // Continuations run asynchronously so the writer loop never executes a caller's request pipeline inline
    // (which would delay the next batch by however long that request takes).
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the entry is committed (for an entry without a state write).</summary>
    public Task Committed => _committed.Task;

    /// <summary>
    /// The transaction holding the entry (and the state, if any) has committed; <paramref name="storedVersion"/> is the
    /// state row's new version, or null when the row refused the write (and the entry was left out).
    /// </summary>
    public void MarkCommitted(int? storedVersion)
    {
        if (StateWrite is { } write)
        {
            write.Stored(storedVersion);
        }
        else
        {
            _committed.TrySetResult();
        }
    }

    public void MarkFailed(Exception exception)
    {
        if (StateWrite is { } write)
        {
            write.Failed(exception);
        }
        else
        {
            _committed.TrySetException(exception);
        }
    }
}
