using CalcinosisRegistry.Domain.Audit;

namespace CalcinosisRegistry.Persistence.PostgreSql.Audit;

/// <summary>An event waiting for the next group commit, and the caller waiting for that commit.</summary>
internal sealed class PendingAuditAppend(AuditEvent normalizedEvent)
{
    public AuditEvent Event { get; } = normalizedEvent;

    // Continuations run asynchronously so the writer loop never executes a caller's request pipeline inline
    // (which would delay the next batch by however long that request takes).
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Committed => _committed.Task;

    public void MarkCommitted() => _committed.TrySetResult();

    public void MarkFailed(Exception exception) => _committed.TrySetException(exception);
}
