using CalcinosisRegistry.Grains.Infrastructure;

namespace CalcinosisRegistry.Grains.Storage;

/// <summary>
/// Group commit of changed entries for a reentrant index grain (a site index, a statistics shard). The grain changes
/// its in-memory map and names the changed key; callers that arrive while a store call is in flight share the next
/// call, which stores every entry changed since (read from the map when the call starts, so always the newest).
/// A batch holds only changed entries, so its cost follows the write rate, not the size of the index.
/// </summary>
/// <remarks>
/// Built on <see cref="BatchedStateWriter"/>: every caller returns only after a store call that started after its
/// change has succeeded, and a failed call puts its keys back, so a retry (<see cref="EnsureStoredAsync"/>) stores
/// them instead of trusting memory. The delegates must take what they store before their first await; they are
/// invoked on the grain's scheduler, so nothing can change the map in between.
/// </remarks>
internal sealed class BatchedIndexWriter
{
    private readonly BatchedStateWriter _batches;
    private readonly Func<IReadOnlyCollection<string>, Task> _storeChanged;
    private readonly Func<Task> _storeAll;
    private HashSet<string> _changedKeys = new(StringComparer.Ordinal);
    private bool _replaceAll;

    /// <param name="storeChanged">Stores the map's current entries for these keys (upsert, higher version wins).</param>
    /// <param name="storeAll">Replaces everything stored by the whole map (after a rebuild dropped entries).</param>
    public BatchedIndexWriter(Func<IReadOnlyCollection<string>, Task> storeChanged, Func<Task> storeAll)
    {
        _storeChanged = storeChanged;
        _storeAll = storeAll;
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

    /// <summary>Completes once every change made so far is stored (at once if it already is).</summary>
    public Task EnsureStoredAsync() => _batches.EnsureStoredAsync();

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
