using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;

namespace CalcinosisRegistry.Persistence.PostgreSql;

/// <summary>
/// Group commit across every site index and statistics shard of a silo. Each case write changes one site row and
/// one shard row, each owned by a different grain, and there are dozens of such grains: batching per grain alone
/// left about one row per round trip under load. Here every upsert that arrives while a round trip is in flight
/// joins the next one, whichever grain it comes from, so the database sees one statement pair for many writes.
/// </summary>
/// <remarks>
/// A caller's task completes only when the round trip carrying its rows has committed, and fails with that round
/// trip's exception, so "returns once stored" still holds for every grain. One round trip at a time per silo
/// (<see cref="GroupCommitLoop{TBatch}"/>).
/// </remarks>
internal sealed class IndexGroupCommit
{
    private readonly GroupCommitLoop<IndexWriteBatch> _loop;
    private IndexWriteBatch _next = new();

    public IndexGroupCommit(Func<IndexWriteBatch, Task> store) =>
        _loop = new GroupCommitLoop<IndexWriteBatch>(TakeNext, store, (batch, failure) => batch.Complete(failure), "index", batch => batch.Count);

    public Task AddSiteEntries(string siteId, IReadOnlyList<SiteCaseEntry> entries) =>
        Add(batch => batch.AddSiteEntries(siteId, entries));

    public Task AddShardEntries(int shard, IReadOnlyList<ShardEntry> entries) =>
        Add(batch => batch.AddShardEntries(shard, entries));

    private Task Add(Action<IndexWriteBatch> add) =>
        _loop.Enqueue(() =>
        {
            add(_next);
            return _next.Committed;
        });

    private IndexWriteBatch? TakeNext()
    {
        if (_next.IsEmpty)
        {
            return null;
        }

        var batch = _next;
        _next = new IndexWriteBatch();
        return batch;
    }
}
