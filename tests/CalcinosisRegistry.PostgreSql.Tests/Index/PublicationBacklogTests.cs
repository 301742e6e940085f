using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Storage;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Grains.Cases;
using CalcinosisRegistry.Persistence.PostgreSql;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace CalcinosisRegistry.PostgreSql.Tests.Index;

/// <summary>
/// Every stored case version reaches the site index and the statistics, even when its silo dies between storing
/// and publishing: the case state's own write marks it pending (migration 0007's trigger, same transaction), the
/// sweeper settles the marks both receivers hold (migration 0011) and re-publishes whatever stays behind.
/// </summary>
public sealed class PublicationBacklogTests
{
    private const string PendingRows = "SELECT count(*) FROM case_publication_pending";
    private const string Site = "backlog-site";

    [Fact]
    public async Task Published_writes_leave_nothing_pending_and_a_stored_but_unpublished_case_is_swept_into_the_index()
    {
        await using var database = await IndexDatabase.CreateAsync("backlog");
        var serviceId = $"backlog-{Guid.NewGuid():N}";
        var cases = SyntheticCohort.Generate(6, seed: 5, [Site]).ToList();
        var cluster = await RegistryOnPostgreSql.StartAsync(database.ConnectionString, serviceId);
        try
        {
            // The normal path: each version is marked by its storage write, one row per case. Both receivers hold
            // it in memory by the time the write is acknowledged and store it right after (their own group commit),
            // so a look at the backlog soon finds nothing behind and settles (deletes) every mark.
            foreach (var synthetic in cases.Take(5))
            {
                await RegistryOnPostgreSql.PutAsync(cluster.Client, synthetic);
            }

            var store = database.Store(serviceId);
            // One mark per case, whatever the sweeper's own timer has settled by now.
            Assert.Equal(0, await SqlProbe.CountAsync(database.ConnectionString,
                "SELECT count(*) FROM (SELECT case_key FROM case_publication_pending GROUP BY case_key HAVING count(*) > 1) AS doubled"));
            Assert.Empty(await UnpublishedOnceStoresSettleAsync(store));
            Assert.Equal(0, await SqlProbe.CountAsync(database.ConnectionString, PendingRows));

            // A silo that stored a case and died before publishing: only the state row exists.
            var orphan = cases[5];
            var orphanKey = RegistryKeys.Case(orphan.SiteId, orphan.Document.CaseId);
            await StoreWithoutPublishingAsync(cluster, orphanKey, orphan.Document);

            Assert.Equal(1, await SqlProbe.CountAsync(database.ConnectionString, PendingRows));
            Assert.Equal([orphanKey], await store.FindUnpublishedCasesAsync(TimeSpan.Zero, 10));
            Assert.Empty(await store.FindUnpublishedCasesAsync(TimeSpan.FromMinutes(1), 10));
            var site = cluster.Client.GetGrain<ISiteGrain>(RegistryKeys.Site(Site));
            Assert.Equal(5, (await site.ListAsync(null, 100)).Total);

            // Past the grace period the sweeper has the case publish itself again. Its own timer (every 2 s) may get
            // there between the UPDATE and this call, so the sweep asked for here re-publishes the one case or nothing.
            await SqlProbe.ExecuteAsync(database.ConnectionString,
                "UPDATE case_publication_pending SET pending_since = now() - interval '1 minute'");
            var swept = await cluster.Client.GetGrain<IPublicationSweeperGrain>(RegistryKeys.PublicationSweeper).SweepNowAsync();

            Assert.InRange(swept, 0, 1);
            var listing = await site.ListAsync(null, 100);
            Assert.Equal(6, listing.Total);
            Assert.Contains(listing.Items, item => item.CaseId == orphan.Document.CaseId && item.Version == 1);
            Assert.Empty(await UnpublishedOnceStoresSettleAsync(store));
            Assert.Equal(0, await SqlProbe.CountAsync(database.ConnectionString, PendingRows));
        }
        finally
        {
            await RegistryOnPostgreSql.StopAsync(cluster);
        }
    }

    [Fact]
    public async Task Settling_deletes_only_the_marks_both_receivers_hold_for_the_service_and_returns_the_cases_behind()
    {
        await using var database = await IndexDatabase.CreateAsync("settle");
        await SqlProbe.ExecuteAsync(database.ConnectionString, """
            INSERT INTO site_case_index (service_id, site_id, case_id, version, withdrawn, calcinosis_type, updated_at_ticks) VALUES
                ('svc', 's', 'held', 3, false, 'dystrophic', 1), ('svc', 's', 'site-behind', 3, false, 'dystrophic', 1),
                ('svc', 's', 'shard-behind', 4, false, 'dystrophic', 1);
            INSERT INTO statistics_shard_entry (service_id, shard, case_key, version, contribution) VALUES
                ('svc', 7, 'case:s/held', 3, NULL), ('svc', 7, 'case:s/site-behind', 5, NULL),
                ('svc', 7, 'case:s/shard-behind', 2, NULL);
            INSERT INTO case_publication_pending (service_id, case_key, receiver, version) VALUES
                ('svc', 'case:s/held', 'case', 2),
                ('svc', 'case:s/held', 'site', 3), ('svc', 'case:s/held', 'shard', 1),
                ('svc', 'case:s/site-behind', 'case', 5),
                ('svc', 'case:s/shard-behind', 'case', 4),
                ('svc', 'case:s/orphan', 'case', 1),
                ('other', 'case:s/held', 'case', 2)
            """);

        // Both receivers hold version 3 of "held": its mark (and the two a database from before 0011 kept, one per
        // receiver) go. The other cases have a receiver behind, or no rows at all; the other service is not looked at.
        var behind = await SqlProbe.ColumnAsync(database.ConnectionString, """
            SELECT still_pending FROM settle_case_publications('svc',
                ARRAY['case:s/held', 'case:s/site-behind', 'case:s/shard-behind', 'case:s/orphan'],
                ARRAY['s', 's', 's', 's'], ARRAY['held', 'site-behind', 'shard-behind', 'orphan'], ARRAY[7, 7, 7, 7]) AS still_pending
            ORDER BY 1
            """);

        Assert.Equal(["case:s/orphan", "case:s/shard-behind", "case:s/site-behind"], behind);
        Assert.Equal(4, await SqlProbe.CountAsync(database.ConnectionString, PendingRows));
        Assert.Equal(0, await SqlProbe.CountAsync(database.ConnectionString, PendingRows + " WHERE service_id = 'svc' AND case_key = 'case:s/held'"));
        Assert.Equal(1, await SqlProbe.CountAsync(database.ConnectionString, PendingRows + " WHERE service_id = 'other'"));

        // An empty list is a no-op rather than an error.
        Assert.Empty(await SqlProbe.ColumnAsync(database.ConnectionString,
            "SELECT still_pending FROM settle_case_publications('svc', ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::integer[]) AS still_pending"));
        Assert.Equal(4, await SqlProbe.CountAsync(database.ConnectionString, PendingRows));
    }

    [Fact]
    public async Task Retiring_the_outbox_marks_stored_cases_the_index_lacks_and_removes_the_outbox_rows()
    {
        await using var database = await IndexDatabase.CreateAsync("retire");
        var serviceId = $"retire-{Guid.NewGuid():N}";
        var cases = SyntheticCohort.Generate(4, seed: 9, [Site]).ToList();
        var cluster = await RegistryOnPostgreSql.StartAsync(database.ConnectionString, serviceId);
        string orphanKey;
        try
        {
            foreach (var synthetic in cases.Take(3))
            {
                await RegistryOnPostgreSql.PutAsync(cluster.Client, synthetic);
            }

            orphanKey = RegistryKeys.Case(cases[3].SiteId, cases[3].Document.CaseId);
            await StoreWithoutPublishingAsync(cluster, orphanKey, cases[3].Document);
        }
        finally
        {
            await RegistryOnPostgreSql.StopAsync(cluster);
        }

        // As a database written before the backlog existed: no marks, and the outbox's reminder and state rows.
        await SqlProbe.ExecuteAsync(database.ConnectionString, "DELETE FROM case_publication_pending");
        await SqlProbe.ExecuteAsync(database.ConnectionString,
            "INSERT INTO orleans_reminders VALUES (@service, 'publicationoutbox/outbox:3', 'sweep', now(), 60000, 1, 1)",
            ("service", serviceId));
        await SqlProbe.ExecuteAsync(database.ConnectionString,
            "INSERT INTO orleans_grain_state (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string, grain_id_hash, grain_type_hash, payload_binary, version) VALUES (@service, 'publication-outbox', 0, 0, 'outbox:3', 1, 1, '\\x00', 4)",
            ("service", serviceId));

        await SqlProbe.ExecuteAsync(database.ConnectionString, RetireOutboxMigration());

        Assert.Equal([orphanKey], await database.Store(serviceId).FindUnpublishedCasesAsync(TimeSpan.Zero, 10));
        Assert.Equal(2, await SqlProbe.CountAsync(database.ConnectionString, PendingRows));
        Assert.Equal(0, await SqlProbe.CountAsync(database.ConnectionString, "SELECT count(*) FROM orleans_reminders WHERE grain_id LIKE 'publicationoutbox/%'"));
        Assert.Equal(0, await SqlProbe.CountAsync(database.ConnectionString, "SELECT count(*) FROM orleans_grain_state WHERE grain_type_string = 'publication-outbox'"));
    }

    private static string RetireOutboxMigration()
    {
        using var stream = typeof(RegistryDatabaseMigrator).Assembly.GetManifestResourceStream("Migrations.0008_retire_publication_outbox.sql")
            ?? throw new InvalidOperationException("Migration 0008 is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The cases still behind once the receivers' own stores (which follow the acknowledgement) had up to 5 s to land.
    /// Each look also settles the marks that are satisfied.
    /// </summary>
    private static async Task<IReadOnlyList<string>> UnpublishedOnceStoresSettleAsync(PostgreSqlRegistryIndexStore store)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var behind = await store.FindUnpublishedCasesAsync(TimeSpan.Zero, 10);
        while (behind.Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
            behind = await store.FindUnpublishedCasesAsync(TimeSpan.Zero, 10);
        }

        return behind;
    }

    /// <summary>Writes version 1 of the case through the silo's own ADO.NET storage provider, as the case grain would.</summary>
    private static async Task StoreWithoutPublishingAsync(InProcessTestCluster cluster, string caseKey, CaseDocument document)
    {
        var storage = cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(RegistryStorage.Name);
        var now = DateTimeOffset.UtcNow;
        var json = CaseJson.Serialize(document);
        var state = new GrainState<CaseState>
        {
            State = new CaseState
            {
                Version = 1,
                DocumentJson = json,
                CreatedAt = now,
                UpdatedAt = now,
                History = [new CaseHistoryEntry(1, CaseOperation.Create, now, "not-checked-here")],
            },
        };
        await storage.WriteStateAsync(RegistryStorage.CaseStateName, GrainId.Create("case", caseKey), state);
    }
}
