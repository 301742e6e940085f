using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Grains.Storage;

namespace CalcinosisRegistry.Grains.Tests;

/// <summary>
/// The in-memory store's publication backlog: a case version stays pending until both its site row and its shard
/// row hold it (or a newer one), so the sweeper knows which cases to publish again.
/// </summary>
public sealed class PublicationBacklogTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string CaseKey = RegistryKeys.Case("backlog-site", "CASE-1");

    [Fact]
    public async Task A_version_is_pending_until_both_receivers_hold_it_or_a_newer_one()
    {
        var store = new InMemoryRegistryIndexStore();
        await store.RecordPendingAsync(CaseKey, 2);

        Assert.Equal([CaseKey], await store.FindUnpublishedCasesAsync(TimeSpan.Zero, 10));
        Assert.Empty(await store.FindUnpublishedCasesAsync(TimeSpan.FromMinutes(1), 10));

        await store.UpsertSiteEntriesAsync("backlog-site", [new SiteCaseEntry("CASE-1", 2, Withdrawn: false, "idiopathic", Noon)]);
        Assert.Equal([CaseKey], await store.FindUnpublishedCasesAsync(TimeSpan.Zero, 10));

        await store.UpsertShardEntriesAsync(0, [new ShardEntry(CaseKey, 1, Contribution: null)]);
        Assert.Equal([CaseKey], await store.FindUnpublishedCasesAsync(TimeSpan.Zero, 10));

        await store.UpsertShardEntriesAsync(0, [new ShardEntry(CaseKey, 3, Contribution: null)]);
        Assert.Empty(await store.FindUnpublishedCasesAsync(TimeSpan.Zero, 10));
    }

    [Fact]
    public async Task A_newer_write_pending_again_is_not_cleared_by_an_older_confirmation()
    {
        var store = new InMemoryRegistryIndexStore();
        await store.RecordPendingAsync(CaseKey, 1);
        await store.RecordPendingAsync(CaseKey, 2);

        await store.UpsertSiteEntriesAsync("backlog-site", [new SiteCaseEntry("CASE-1", 1, Withdrawn: false, "idiopathic", Noon)]);
        await store.UpsertShardEntriesAsync(0, [new ShardEntry(CaseKey, 1, Contribution: null)]);

        Assert.Equal([CaseKey], await store.FindUnpublishedCasesAsync(TimeSpan.Zero, 10));
    }
}
