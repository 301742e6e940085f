using CalcinosisRegistry.Contracts.Telemetry;

namespace CalcinosisRegistry.Persistence.PostgreSql;

/// <summary>
/// The one batching mechanism behind the silo's group commits (<see cref="IndexGroupCommit"/> and the writer of case
/// states and audit entries, <see cref="Commit.GroupCommitWriter"/>):
/// callers queue work under one lock, and a single loop stores whatever has queued up, one round trip at a time, until
/// nothing is left. Work that arrives while a round trip is in flight, or during the short <see cref="GatherTime"/>
/// before each one, shares the next one, so the number of round trips follows the database's speed rather than the
/// request rate.
/// </summary>
/// <param name="takeNext">Called under the lock: removes and returns the queued work, or null when there is none.</param>
/// <param name="store">Stores one batch (one round trip).</param>
/// <param name="complete">Tells the batch's callers the outcome: null when stored, else the round trip's exception.</param>
/// <param name="name">The loop's name in the batch-size metric (<see cref="RegistryMetrics.GroupCommitBatchSize"/>).</param>
/// <param name="sizeOf">How many writes a batch holds, for that metric.</param>
/// <param name="gatherTime">How long work gathers before each batch; null for <see cref="GatherTime"/>.</param>
internal sealed class GroupCommitLoop<TBatch>(
    Func<TBatch?> takeNext, Func<TBatch, Task> store, Action<TBatch, Exception?> complete, string? name = null, Func<TBatch, int>? sizeOf = null,
    TimeSpan? gatherTime = null)
    where TBatch : class
{
    /// <summary>
    /// How long the loop lets work gather before it takes a batch. Without it a batch held what arrived during the
    /// previous round trip, about four case writes at 32 clients, and each round trip's fixed cost (a statement
    /// started, a commit, Npgsql's bookkeeping) was shared by few. Measured on a durable server (docs/benchmarks.md,
    /// seventh session): PostgreSQL's CPU per case write fell from 0.67–0.78 ms to 0.45–0.53 ms and the write rate
    /// rose from 868–968/s to 961–1,120/s; the median latency did not grow, since a write waited that long in a queue
    /// anyway.
    /// </summary>
    internal static readonly TimeSpan GatherTime = TimeSpan.FromMilliseconds(1);

    private readonly Lock _gate = new();
    private readonly TimeSpan _gatherTime = gatherTime ?? GatherTime;
    private Task? _flushing;
    private bool _stopped;

    /// <summary>
    /// Runs <paramref name="enqueue"/> under the lock, then makes sure a loop will store what it queued.
    /// Throws <see cref="ObjectDisposedException"/> once <see cref="StopAsync"/> was called.
    /// </summary>
    public TResult Enqueue<TResult>(Func<TResult> enqueue)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            var result = enqueue();
            _flushing ??= Task.Run(FlushUntilIdleAsync);
            return result;
        }
    }

    /// <summary>Refuses further work, and completes once everything queued before has been stored (or has failed).</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            _stopped = true;
            return _flushing ?? Task.CompletedTask;
        }
    }

    private async Task FlushUntilIdleAsync()
    {
        while (true)
        {
            if (_gatherTime > TimeSpan.Zero)
            {
                await Task.Delay(_gatherTime);
            }

            TBatch? batch;
            lock (_gate)
            {
                batch = takeNext();
                if (batch is null)
                {
                    _flushing = null;
                    return;
                }
            }

            if (sizeOf is not null)
            {
                RegistryMetrics.GroupCommitBatchSize.Record(sizeOf(batch), new KeyValuePair<string, object?>("loop", name));
            }

            try
            {
                await store(batch);
                complete(batch, null);
            }
            catch (Exception exception)
            {
                complete(batch, exception);
            }
        }
    }
}
