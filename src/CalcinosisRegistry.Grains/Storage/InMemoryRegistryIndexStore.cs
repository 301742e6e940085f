using System.Collections.Concurrent;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;

namespace CalcinosisRegistry.Grains.Storage;

/// <summary>
/// The embedded default and the unit tests: keeps the entries in process memory for the silo's lifetime, so grain
/// deactivation loses nothing. The entries are immutable records and are kept as they are, with no serialisation,
/// so a case write costs a dictionary update. Like all in-memory storage, one per silo process and not durable.
/// </summary>
public sealed class InMemoryRegistryIndexStore : IRegistryIndexStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, SiteCaseEntry>> _sites = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<string, ShardEntry>> _shards = new();
    private readonly PublicationBacklog _backlog = new();

    public Task<IReadOnlyList<SiteCaseEntry>> LoadSiteAsync(string siteId) =>
        Task.FromResult<IReadOnlyList<SiteCaseEntry>>(_sites.TryGetValue(siteId, out var site) ? [.. site.Values] : []);

    public Task UpsertSiteEntriesAsync(string siteId, IReadOnlyList<SiteCaseEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var site = _sites.GetOrAdd(siteId, static _ => new ConcurrentDictionary<string, SiteCaseEntry>(StringComparer.Ordinal));
        foreach (var entry in entries)
        {
            site.AddOrUpdate(entry.CaseId, entry, (_, stored) => stored.Version < entry.Version ? entry : stored);
            _backlog.Confirm(RegistryKeys.Case(siteId, entry.CaseId), PublicationReceiver.Site, entry.Version);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ShardEntry>> LoadShardAsync(int shard) =>
        Task.FromResult<IReadOnlyList<ShardEntry>>(_shards.TryGetValue(shard, out var entries) ? [.. entries.Values] : []);

    public Task UpsertShardEntriesAsync(int shard, IReadOnlyList<ShardEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var held = _shards.GetOrAdd(shard, static _ => new ConcurrentDictionary<string, ShardEntry>(StringComparer.Ordinal));
        foreach (var entry in entries)
        {
            held.AddOrUpdate(entry.CaseKey, entry, (_, stored) => stored.Version < entry.Version ? entry : stored);
            _backlog.Confirm(entry.CaseKey, PublicationReceiver.Shard, entry.Version);
        }

        return Task.CompletedTask;
    }

    public Task ReplaceShardAsync(int shard, IReadOnlyList<ShardEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var current = _shards.TryGetValue(shard, out var held) ? held : null;
        var replacement = new ConcurrentDictionary<string, ShardEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var kept = current is not null && current.TryGetValue(entry.CaseKey, out var stored) && stored.Version > entry.Version
                ? stored
                : entry;
            replacement.AddOrUpdate(entry.CaseKey, kept, (_, other) => other.Version < kept.Version ? kept : other);
        }

        // One reference swap: a concurrent load sees either the old contents or the new, never a mixture.
        _shards[shard] = replacement;
        return Task.CompletedTask;
    }

    public ValueTask RecordPendingAsync(string caseKey, int version)
    {
        _backlog.Record(caseKey, version);
        return ValueTask.CompletedTask;
    }

    public Task<IReadOnlyList<string>> FindUnpublishedCasesAsync(TimeSpan minimumAge, int limit) =>
        Task.FromResult(_backlog.FindOlderThan(DateTimeOffset.UtcNow - minimumAge, limit));
}
