namespace CalcinosisRegistry.Grains.Infrastructure;

/// <summary>
/// Group commit for a reentrant grain whose state is shared by many callers (an index or a shard): callers that
/// arrive while a write is in flight share the single next write, so the number of storage writes follows the
/// storage's speed rather than the request rate, and every caller still returns only after a write that started
/// after its change. It also remembers whether the latest change is stored, so a retry after a failed write can
/// make sure of it instead of trusting memory.
/// </summary>
internal sealed class BatchedStateWriter(Func<Task> write)
{
    private Task? _inFlight;
    private Task? _queued;
    private long _changes;
    private long _stored;

    private bool HasUnstoredChanges => _stored < _changes;

    /// <summary>Call after changing the state: completes once a write that includes the change has succeeded.</summary>
    public Task WriteAsync()
    {
        _changes++;
        if (_queued is not null)
        {
            return _queued;
        }

        if (_inFlight is null || _inFlight.IsCompleted)
        {
            return _inFlight = WriteNowAsync();
        }

        return _queued = WriteAfterAsync(_inFlight);
    }

    /// <summary>Completes once every change made so far is stored (at once if it already is).</summary>
    public Task EnsureStoredAsync() => HasUnstoredChanges ? WriteAsync() : Task.CompletedTask;

    private async Task WriteNowAsync()
    {
        var covers = _changes;
        await write();
        _stored = Math.Max(_stored, covers);
    }

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch
        {
            // The previous batch's callers see its failure; this batch writes again regardless.
        }

        _queued = null;
        var next = WriteNowAsync();
        _inFlight = next;
        await next;
    }
}
