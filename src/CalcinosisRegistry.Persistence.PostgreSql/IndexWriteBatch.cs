using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;

namespace CalcinosisRegistry.Persistence.PostgreSql;

/// <summary>The rows one <see cref="IndexGroupCommit"/> round trip stores, and the callers waiting for it.</summary>
internal sealed class IndexWriteBatch
{
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<(string SiteId, string CaseId), SiteCaseEntry> _siteEntries = [];
    private readonly Dictionary<string, (int Shard, ShardEntry Entry)> _shardEntries = new(StringComparer.Ordinal);

    public Task Committed => _committed.Task;

    public bool IsEmpty => _siteEntries.Count == 0 && _shardEntries.Count == 0;

    /// <summary>The index rows the batch writes (site and shard entries).</summary>
    public int Count => _siteEntries.Count + _shardEntries.Count;

    /// <summary>Site rows sorted by (site, case): concurrent batches of several silos lock shared rows in one order.</summary>
    public IReadOnlyList<(string SiteId, SiteCaseEntry Entry)> SiteEntries =>
        [.. _siteEntries.OrderBy(row => row.Key.SiteId, StringComparer.Ordinal)
            .ThenBy(row => row.Key.CaseId, StringComparer.Ordinal)
            .Select(row => (row.Key.SiteId, row.Value))];

    /// <summary>Shard rows sorted by case key, for the same reason.</summary>
    public IReadOnlyList<(int Shard, ShardEntry Entry)> ShardEntries =>
        [.. _shardEntries.OrderBy(row => row.Key, StringComparer.Ordinal).Select(row => row.Value)];

    /// <summary>Keeps the highest version per case: one statement may not change a row twice.</summary>
    public void AddSiteEntries(string siteId, IReadOnlyList<SiteCaseEntry> entries)
    {
        foreach (var entry in entries)
        {
            var key = (siteId, entry.CaseId);
            if (!_siteEntries.TryGetValue(key, out var held) || held.Version < entry.Version)
            {
                _siteEntries[key] = entry;
            }
        }
    }

    public void AddShardEntries(int shard, IReadOnlyList<ShardEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (!_shardEntries.TryGetValue(entry.CaseKey, out var held) || held.Entry.Version < entry.Version)
            {
                _shardEntries[entry.CaseKey] = (shard, entry);
            }
        }
    }

    public void Complete(Exception? failure)
    {
        if (failure is null)
        {
            _committed.TrySetResult();
        }
        else
        {
            _committed.TrySetException(failure);
        }
    }
}
