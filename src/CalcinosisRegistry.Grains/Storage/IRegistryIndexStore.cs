using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;

namespace CalcinosisRegistry.Grains.Storage;

/// <summary>
/// Row-per-case storage for the two cluster-wide indexes that every case write touches: a site's case index and a
/// statistics shard's entries. Storing one row per case keeps the cost of a case write independent of the number
/// of cases (a single grain-state blob had to be rewritten whole on every write).
/// </summary>
/// <remarks>
/// Upserts keep the entry with the higher version when a row already exists, so batches may arrive in any order,
/// twice, or from two activations at once without a stale entry ever replacing a newer one. Every method completes
/// only once its change is durable in the store, and a fault surfaces as an exception (never swallowed), which the
/// grain boundary turns into a 503.
/// </remarks>
public interface IRegistryIndexStore
{
    /// <summary>Every entry of the site, withdrawn ones (tombstones) included, in no particular order.</summary>
    Task<IReadOnlyList<SiteCaseEntry>> LoadSiteAsync(string siteId);

    /// <summary>Stores the entries; where the site already holds a case at a higher or equal version, that row stays.</summary>
    Task UpsertSiteEntriesAsync(string siteId, IReadOnlyList<SiteCaseEntry> entries);

    /// <summary>Every entry of the shard, tombstones (null contributions) included, in no particular order.</summary>
    Task<IReadOnlyList<ShardEntry>> LoadShardAsync(int shard);

    /// <summary>Stores the entries; where the shard already holds a case at a higher or equal version, that row stays.</summary>
    Task UpsertShardEntriesAsync(int shard, IReadOnlyList<ShardEntry> entries);

    /// <summary>
    /// Replaces the shard's entries by these, atomically (a statistics rebuild): cases not listed are removed, listed
    /// ones overwritten, unless the store holds a higher version of one (only a concurrent writer can have put it there).
    /// </summary>
    Task ReplaceShardAsync(int shard, IReadOnlyList<ShardEntry> entries);
}
