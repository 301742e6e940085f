using System.Collections.Concurrent;

namespace CalcinosisRegistry.Grains.Storage;

/// <summary>
/// The in-memory store's record of case versions not yet confirmed by both receivers: per case and receiver, the
/// highest pending version and since when something has been pending.
/// </summary>
internal sealed class PublicationBacklog
{
    private readonly ConcurrentDictionary<(string CaseKey, PublicationReceiver Receiver), (int Version, DateTimeOffset Since)> _pending = new();

    public void Record(string caseKey, int version)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var receiver in Enum.GetValues<PublicationReceiver>())
        {
            _pending.AddOrUpdate((caseKey, receiver), (version, now), (_, held) => (Math.Max(held.Version, version), held.Since));
        }
    }

    /// <summary>The receiver holds <paramref name="version"/>: everything up to it is no longer pending there.</summary>
    public void Confirm(string caseKey, PublicationReceiver receiver, int version)
    {
        var key = (caseKey, receiver);
        while (_pending.TryGetValue(key, out var held) && held.Version <= version)
        {
            if (_pending.TryRemove(new KeyValuePair<(string, PublicationReceiver), (int, DateTimeOffset)>(key, held)))
            {
                return;
            }
        }
    }

    public IReadOnlyList<string> FindOlderThan(DateTimeOffset cutoff, int limit) =>
        [.. _pending.Where(row => row.Value.Since <= cutoff).Select(row => row.Key.CaseKey).Distinct(StringComparer.Ordinal).Take(limit)];
}
