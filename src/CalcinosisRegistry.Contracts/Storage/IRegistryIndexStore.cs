using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;

namespace CalcinosisRegistry.Contracts.Storage;

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
/// <para><b>Publication backlog.</b> The store also knows which stored case versions have not reached it yet: a
/// version is pending from just before the case stores it until both its site row and its shard row hold it (or a
/// newer one). A silo that dies in between leaves the version pending, and the publication sweeper finds it with
/// <see cref="FindUnpublishedCasesAsync"/> and has the case publish again.</para>
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

    /// <summary>
    /// A case is about to store <paramref name="version"/>: from now on it is pending until the site index and the
    /// statistics shard both hold it. Called before the case state is written, so no stored version can escape the
    /// backlog. A store that records this atomically with the case state itself (the PostgreSQL store, by trigger)
    /// has nothing to do here.
    /// </summary>
    ValueTask RecordPendingAsync(string caseKey, int version);

    /// <summary>Case keys with a version pending for longer than <paramref name="minimumAge"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> FindUnpublishedCasesAsync(TimeSpan minimumAge, int limit);
}
