using CalcinosisRegistry.Grains.Infrastructure;

namespace CalcinosisRegistry.Grains.Storage;

/// <summary>
/// Group commit of changed entries for a reentrant index grain (a site index, a statistics shard). The grain changes
/// its in-memory map and names the changed key; callers that arrive while a store call is in flight share the next
/// call, which stores every entry changed since (read from the map when the call starts, so always the newest).
/// A batch holds only changed entries, so its cost follows the write rate, not the size of the index.
/// </summary>
/// <remarks>
/// Built on <see cref="BatchedStateWriter"/>: a caller of <see cref="WriteAsync"/> returns only after a store call
/// that started after its change has succeeded, and a failed call puts its keys back, so a retry
/// (<see cref="EnsureStoredAsync"/>) stores them instead of trusting memory. A case write does not wait at all
/// (<see cref="StoreInBackground"/>): the case's pending mark stays until the stored rows satisfy it, so a store that
/// fails or is lost is published again. The delegates must take what they store before their first await; they are
/// invoked on the grain's scheduler, so nothing can change the map in between.
/// </remarks>
internal sealed class BatchedIndexWriter
{
    private readonly BatchedStateWriter _batches;
    private readonly Func<IReadOnlyCollection<string>, Task> _storeChanged;
    private readonly Func<Task> _storeAll;
    private readonly Action<Exception> _reportUnstored;
    private HashSet<string> _changedKeys = new(StringComparer.Ordinal);
    private bool _replaceAll;

    /// <summary>The last batch a background store is watched on: many changes share one batch, which fails once.</summary>
    private Task? _watchedBatch;

    /// <param name="storeChanged">Stores the map's current entries for these keys (upsert, higher version wins).</param>
    /// <param name="storeAll">Replaces everything stored by the whole map (after a rebuild dropped entries).</param>
    /// <param name="reportUnstored">Told of a store no caller waits for that failed (the keys stay for the next batch).</param>
    public BatchedIndexWriter(Func<IReadOnlyCollection<string>, Task> storeChanged, Func<Task> storeAll, Action<Exception> reportUnstored)
    {
        _storeChanged = storeChanged;
        _storeAll = storeAll;
        _reportUnstored = reportUnstored;
        _batches = new BatchedStateWriter(StoreNextBatchAsync);
    }

    /// <summary>Call after changing the entry of <paramref name="key"/>: completes once a store call including it succeeded.</summary>
    public Task WriteAsync(string key)
    {
        if (!_replaceAll)
        {
            _changedKeys.Add(key);
        }

        return _batches.WriteAsync();
    }

    /// <summary>Call after replacing the map wholesale: completes once the store holds exactly the map.</summary>
    public Task ReplaceAllAsync()
    {
        _replaceAll = true;
        _changedKeys.Clear();
        return _batches.WriteAsync();
    }

    /// <summary>
    /// Call after changing the entry of <paramref name="key"/> when the caller need not wait for the store: it joins
    /// the next batch as with <see cref="WriteAsync"/>, and a failure is reported instead of thrown.
    /// </summary>
    public void StoreInBackground(string key)
    {
        var batch = WriteAsync(key);
        if (!ReferenceEquals(batch, _watchedBatch))
        {
            _watchedBatch = batch;
            _ = batch.ContinueWith(
                failed => _reportUnstored(failed.Exception!),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Completes once every change made so far is stored (at once if it already is).</summary>
    public Task EnsureStoredAsync() => _batches.EnsureStoredAsync();

    /// <summary>
    /// For a grain's deactivation: stores what is in flight or failed, so the next activation loads it. A failure is
    /// reported, not thrown; the cases' pending marks then have those entries published again.
    /// </summary>
    public async Task StoreBeforeDeactivationAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureStoredAsync().WaitAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            _reportUnstored(exception);
        }
    }

    private async Task StoreNextBatchAsync()
    {
        var replaceAll = _replaceAll;
        var keys = _changedKeys;
        _replaceAll = false;
        _changedKeys = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (replaceAll)
            {
                await _storeAll();
            }
            else if (keys.Count > 0)
            {
                await _storeChanged(keys);
            }
        }
        catch
        {
            // Not stored: the next batch must carry these again. A replacement requested meanwhile covers them anyway.
            if (replaceAll)
            {
                _replaceAll = true;
                _changedKeys.Clear();
            }
            else if (!_replaceAll)
            {
                _changedKeys.UnionWith(keys);
            }

            throw;
        }
    }
}
