using CalcinosisRegistry.Contracts.Storage;
using CalcinosisRegistry.Persistence.PostgreSql;
using CalcinosisRegistry.Persistence.PostgreSql.Commit;
using CalcinosisRegistry.Persistence.PostgreSql.GrainState;
using CalcinosisRegistry.PostgreSql.Tests.Grains;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CalcinosisRegistry.PostgreSql.Tests;

/// <summary>
/// The case state's writes share round trips (group commit) instead of going one by one through the ADO.NET
/// provider. They must keep the provider's contract row for row, and leave rows the provider itself reads, clears
/// and updates as its own.
/// </summary>
public sealed class GroupCommittedStateTests(RegistryClusterFixture fixture) : IClassFixture<RegistryClusterFixture>
{
    private const string CaseState = RegistryStorage.CaseStateName;

    [Fact]
    public async Task A_case_row_written_in_a_group_reads_back_through_the_provider_and_updates_bump_the_version()
    {
        var grainId = CaseGrainId("case:site-gc/round-trip");
        var first = new GrainState<CounterState>(new CounterState { Value = 1, Note = "first" });
        await RegistryStorageOf(0).WriteStateAsync(CaseState, grainId, first);
        Assert.Equal("1", first.ETag);
        Assert.True(first.RecordExists);

        var second = new GrainState<CounterState>(new CounterState { Value = 2, Note = "second" }) { ETag = first.ETag };
        await RegistryStorageOf(1).WriteStateAsync(CaseState, grainId, second);
        Assert.Equal("2", second.ETag);

        var read = new GrainState<CounterState>();
        await ProviderOf(0).ReadStateAsync(CaseState, grainId, read);
        Assert.Equal(2, read.State!.Value);
        Assert.Equal("second", read.State!.Note);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task A_stale_etag_is_refused_and_leaves_the_stored_row_as_it_was()
    {
        var grainId = CaseGrainId("case:site-gc/stale");
        var original = new GrainState<CounterState>(new CounterState { Value = 1 });
        await RegistryStorageOf(0).WriteStateAsync(CaseState, grainId, original);
        var winner = new GrainState<CounterState>(new CounterState { Value = 2 }) { ETag = original.ETag };
        var loser = new GrainState<CounterState>(new CounterState { Value = 3 }) { ETag = original.ETag };
        await RegistryStorageOf(0).WriteStateAsync(CaseState, grainId, winner);

        await Assert.ThrowsAsync<InconsistentStateException>(() => RegistryStorageOf(0).WriteStateAsync(CaseState, grainId, loser));
        var stored = new GrainState<CounterState>();
        await ProviderOf(0).ReadStateAsync(CaseState, grainId, stored);
        Assert.Equal(2, stored.State!.Value);
        Assert.Equal("2", stored.ETag);
        Assert.Equal("1", loser.ETag);
    }

    [Fact]
    public async Task A_first_write_of_an_existing_case_is_refused_even_after_a_clear()
    {
        var grainId = CaseGrainId("case:site-gc/cleared");
        var written = new GrainState<CounterState>(new CounterState { Value = 4 });
        await RegistryStorageOf(0).WriteStateAsync(CaseState, grainId, written);
        await ProviderOf(0).ClearStateAsync(CaseState, grainId, written);

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            RegistryStorageOf(1).WriteStateAsync(CaseState, grainId, new GrainState<CounterState>(new CounterState { Value = 5 })));

        // The clearing grain still holds the row's version, so its next write goes through as an update.
        written.State = new CounterState { Value = 6 };
        await RegistryStorageOf(0).WriteStateAsync(CaseState, grainId, written);
        Assert.Equal("3", written.ETag);
    }

    [Fact]
    public async Task Concurrent_first_writes_of_one_case_from_two_silos_leave_one_row_and_one_conflict()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var key = $"case:site-gc/race-{attempt}";
            var outcomes = await OutcomesAsync(new[] { 0, 1 }.Select(silo => Task.Run(() =>
                RegistryStorageOf(silo).WriteStateAsync(CaseState, CaseGrainId(key),
                    new GrainState<CounterState>(new CounterState { Value = silo })))));

            Assert.Equal(["conflict", "written"], outcomes.Order(StringComparer.Ordinal));
            Assert.Equal(1, await SqlProbe.CountAsync(fixture.ConnectionString,
                "SELECT count(*) FROM orleans_grain_state WHERE grain_type_string = @type AND grain_id_extension_string = @key",
                ("type", CaseState), ("key", key)));
        }
    }

    [Fact]
    public async Task Two_writes_of_one_case_issued_at_once_in_one_silo_leave_one_winner_and_one_conflict()
    {
        // A grain never has two writes in flight, but the storage must not acknowledge both of two racing callers:
        // sharing a round trip, each would read the one stored row as its own success.
        var storage = RegistryStorageOf(0);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var grainId = CaseGrainId($"case:site-gc/same-silo-{attempt}");
            var firstWrites = new[] { 1, 2 }.Select(value =>
                storage.WriteStateAsync(CaseState, grainId, new GrainState<CounterState>(new CounterState { Value = value }))).ToList();
            Assert.Equal(["conflict", "written"], (await OutcomesAsync(firstWrites)).Order(StringComparer.Ordinal));

            var updates = new[] { 3, 4 }.Select(value =>
                storage.WriteStateAsync(CaseState, grainId, new GrainState<CounterState>(new CounterState { Value = value }) { ETag = "1" })).ToList();
            Assert.Equal(["conflict", "written"], (await OutcomesAsync(updates)).Order(StringComparer.Ordinal));
            Assert.Equal(2, await VersionOfAsync(grainId));
        }
    }

    [Fact]
    public async Task Writes_that_share_a_round_trip_succeed_or_conflict_each_on_its_own()
    {
        var storage = RegistryStorageOf(0);
        Assert.IsType<GroupCommitGrainStorage>(storage);
        var stale = CaseGrainId("case:site-gc/batch-stale");
        var staleState = new GrainState<CounterState>(new CounterState { Value = 1 });
        await storage.WriteStateAsync(CaseState, stale, staleState);
        await storage.WriteStateAsync(CaseState, stale, new GrainState<CounterState>(new CounterState { Value = 2 }) { ETag = staleState.ETag });

        // 40 writes issued at once share round trips; one of them is stale.
        var fresh = Enumerable.Range(0, 40).Select(i => (Id: CaseGrainId($"case:site-gc/batch-{i}"), State: new GrainState<CounterState>(new CounterState { Value = i }))).ToList();
        var writes = fresh.Select(write => storage.WriteStateAsync(CaseState, write.Id, write.State)).ToList();
        var staleWrite = storage.WriteStateAsync(CaseState, stale, new GrainState<CounterState>(new CounterState { Value = 3 }) { ETag = staleState.ETag });

        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);

        // They really shared round trips: rows written by one transaction share its id (xmin), and one by one through
        // the provider the 40 rows would carry 40 different ones.
        var transactions = await SqlProbe.CountAsync(fixture.ConnectionString,
            "SELECT count(DISTINCT xmin::text) FROM orleans_grain_state WHERE grain_type_string = @type AND grain_id_extension_string ~ '^case:site-gc/batch-[0-9]+$'",
            ("type", CaseState));
        Assert.InRange(transactions, 1, 10);
        Assert.All(fresh, write => Assert.Equal("1", write.State.ETag));
        foreach (var (id, state) in fresh)
        {
            var read = new GrainState<CounterState>();
            await ProviderOf(1).ReadStateAsync(CaseState, id, read);
            Assert.Equal(state.State!.Value, read.State!.Value);
        }
    }

    [Fact]
    public async Task Group_committed_rows_carry_the_hashes_the_provider_writes()
    {
        const string key = "case:site-gc/hashes";
        var grainId = CaseGrainId(key);
        var state = new GrainState<CounterState>(new CounterState { Value = 1 });
        await RegistryStorageOf(0).WriteStateAsync(CaseState, grainId, state);
        var groupHashes = await HashesAsync(key);

        // The provider's own update of the same row rewrites both hash columns from its own computation.
        state.State = new CounterState { Value = 2 };
        await ProviderOf(0).WriteStateAsync(CaseState, grainId, state);
        Assert.Equal("2", state.ETag);
        Assert.Equal(groupHashes, await HashesAsync(key));
    }

    [Fact]
    public async Task The_group_write_finds_stored_rows_through_the_identity_index_under_a_generic_plan()
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using (var prepare = new Npgsql.NpgsqlCommand(
            "SET plan_cache_mode = force_generic_plan; PREPARE group_write (text, text[], text[], integer[], bytea[], integer[], integer[]) AS "
            + GrainStateSql.WriteMany, connection))
        {
            await prepare.ExecuteNonQueryAsync();
        }

        await using var explain = new Npgsql.NpgsqlCommand(
            "EXPLAIN EXECUTE group_write ('svc', '{case}', '{case:a/b}', '{1}', '{\"\\\\x00\"}', '{1}', '{2}')", connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, line => line.Contains("orleans_grain_state_identity_key", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on orleans_grain_state", StringComparison.Ordinal));
    }

    private static async Task<string[]> OutcomesAsync(IEnumerable<Task> writes) =>
        await Task.WhenAll(writes.Select(async write =>
        {
            try
            {
                await write;
                return "written";
            }
            catch (InconsistentStateException)
            {
                return "conflict";
            }
        }));

    private async Task<int> VersionOfAsync(GrainId grainId)
    {
        var stored = new GrainState<CounterState>();
        await ProviderOf(0).ReadStateAsync(CaseState, grainId, stored);
        return int.Parse(stored.ETag!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> HashesAsync(string key) =>
        string.Join(",", await SqlProbe.ColumnAsync(fixture.ConnectionString,
            $"SELECT grain_id_hash || '/' || grain_type_hash FROM orleans_grain_state WHERE grain_type_string = 'case' AND grain_id_extension_string = '{key}'"));

    private static GrainId CaseGrainId(string key) => GrainId.Create("case", key);

    private IGrainStorage RegistryStorageOf(int silo) =>
        fixture.Cluster.Silos[silo].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(RegistryClusterFixture.StorageName);

    private IGrainStorage ProviderOf(int silo) =>
        fixture.Cluster.Silos[silo].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(
            RegistryClusterFixture.StorageName + RegistryPostgreSqlHosting.ProviderNameSuffix);
}
