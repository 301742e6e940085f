using CalcinosisRegistry.PostgreSql.Tests.Grains;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CalcinosisRegistry.PostgreSql.Tests;

/// <summary>Grain state through the real Orleans ADO.NET grain storage provider on our schema.</summary>
public sealed class GrainStorageTests(RegistryClusterFixture fixture) : IClassFixture<RegistryClusterFixture>
{
    private const string StateRowsByKey =
        "SELECT count(*) FROM orleans_grain_state WHERE grain_type_string = @type AND grain_id_extension_string = @key";

    [Fact]
    public async Task State_survives_deactivation_and_updates_bump_the_version()
    {
        var grain = fixture.Cluster.Client.GetGrain<ICounterGrain>("k-roundtrip");
        await grain.SetAsync(7, "seven");
        await fixture.Cluster.DeactivateAsync(grain);

        var reloaded = await grain.GetAsync();
        Assert.Equal(7, reloaded.Value);
        Assert.Equal("seven", reloaded.Note);
        Assert.Equal(1, await VersionOfAsync(CounterGrain.StateName, "k-roundtrip"));

        await grain.SetAsync(8, "eight");
        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal(8, (await grain.GetAsync()).Value);
        Assert.Equal(2, await VersionOfAsync(CounterGrain.StateName, "k-roundtrip"));
    }

    [Fact]
    public async Task Clear_keeps_the_row_with_a_null_payload_and_the_grain_can_write_again()
    {
        var grain = fixture.Cluster.Client.GetGrain<ICounterGrain>("k-clear");
        await grain.SetAsync(5, "five");
        await grain.ClearAsync();

        Assert.False(await grain.RecordExistsAsync());
        Assert.Equal(2, await VersionOfAsync(CounterGrain.StateName, "k-clear"));
        Assert.Equal(1, await SqlProbe.CountAsync(fixture.ConnectionString,
            StateRowsByKey + " AND payload_binary IS NULL", ("type", CounterGrain.StateName), ("key", "k-clear")));

        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(0, (await grain.GetAsync()).Value);
        Assert.False(await grain.RecordExistsAsync());

        // The cleared row is written through the update path (the grain holds its ETag), not a conflicting insert.
        await grain.SetAsync(6, "six");
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(6, (await grain.GetAsync()).Value);
        Assert.Equal(3, await VersionOfAsync(CounterGrain.StateName, "k-clear"));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused()
    {
        var storage = StorageOfSilo(0);
        var grainId = GrainId.Create("direct", "k-stale");

        var original = new GrainState<CounterState>(new CounterState { Value = 1 });
        await storage.WriteStateAsync(CounterGrain.StateName, grainId, original);
        Assert.Equal("1", original.ETag);

        var winner = new GrainState<CounterState>(new CounterState { Value = 2 }) { ETag = original.ETag };
        var loser = new GrainState<CounterState>(new CounterState { Value = 3 }) { ETag = original.ETag };
        await storage.WriteStateAsync(CounterGrain.StateName, grainId, winner);
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(CounterGrain.StateName, grainId, loser));

        var stored = new GrainState<CounterState>();
        await storage.ReadStateAsync(CounterGrain.StateName, grainId, stored);
        Assert.Equal(2, stored.State!.Value);
        Assert.Equal("2", stored.ETag);
    }

    [Fact]
    public async Task Different_state_names_keep_separate_rows_for_the_same_key()
    {
        await fixture.Cluster.Client.GetGrain<ICounterGrain>("k-shared").SetAsync(1, "counter");
        await fixture.Cluster.Client.GetGrain<IOtherCounterGrain>("k-shared").SetAsync(2, "other");
        await fixture.Cluster.DeactivateAsync(fixture.Cluster.Client.GetGrain<ICounterGrain>("k-shared"));
        await fixture.Cluster.DeactivateAsync(fixture.Cluster.Client.GetGrain<IOtherCounterGrain>("k-shared"));

        Assert.Equal(1, (await fixture.Cluster.Client.GetGrain<ICounterGrain>("k-shared").GetAsync()).Value);
        Assert.Equal(2, (await fixture.Cluster.Client.GetGrain<IOtherCounterGrain>("k-shared").GetAsync()).Value);
        Assert.Equal(2, await SqlProbe.CountAsync(fixture.ConnectionString,
            "SELECT count(DISTINCT grain_type_string) FROM orleans_grain_state WHERE grain_id_extension_string = 'k-shared'"));
    }

    [Fact]
    public async Task Hex_looking_string_keys_collide_unless_prefixed()
    {
        // The provider parses "12345" and "012345" as the same integer key: this is the trap the app avoids...
        await fixture.Cluster.Client.GetGrain<ICounterGrain>("12345").SetAsync(11, "raw");
        Assert.Equal(11, (await fixture.Cluster.Client.GetGrain<ICounterGrain>("012345").GetAsync()).Value);
        Assert.Equal(1, await SqlProbe.CountAsync(fixture.ConnectionString,
            "SELECT count(*) FROM orleans_grain_state WHERE grain_type_string = @type AND grain_id_n1 = 74565 AND grain_id_extension_string IS NULL",
            ("type", CounterGrain.StateName)));

        // ...by prefixing string keys with a non-hex character, which keeps them plain string keys.
        await fixture.Cluster.Client.GetGrain<ICounterGrain>("k-12345").SetAsync(21, "prefixed");
        await fixture.Cluster.Client.GetGrain<ICounterGrain>("k-012345").SetAsync(22, "prefixed");
        await fixture.Cluster.Client.GetGrain<ICounterGrain>("k-beef").SetAsync(23, "prefixed");
        await fixture.Cluster.Client.GetGrain<ICounterGrain>("k-BEEF").SetAsync(24, "prefixed");
        foreach (var (key, value) in new[] { ("k-12345", 21), ("k-012345", 22), ("k-beef", 23), ("k-BEEF", 24) })
        {
            var grain = fixture.Cluster.Client.GetGrain<ICounterGrain>(key);
            await fixture.Cluster.DeactivateAsync(grain);
            Assert.Equal(value, (await grain.GetAsync()).Value);
        }
    }

    [Fact]
    public async Task Concurrent_first_writes_of_one_grain_leave_one_row_and_one_conflict()
    {
        var storages = new[] { StorageOfSilo(0), StorageOfSilo(1) };
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var key = $"k-race-{attempt}";
            var grainId = GrainId.Create("direct", key);
            var outcomes = await Task.WhenAll(storages.Select((storage, index) => Task.Run(async () =>
            {
                try
                {
                    await storage.WriteStateAsync(CounterGrain.StateName, grainId,
                        new GrainState<CounterState>(new CounterState { Value = index }));
                    return "written";
                }
                catch (InconsistentStateException)
                {
                    return "conflict";
                }
            })));

            Assert.Equal(["conflict", "written"], outcomes.Order(StringComparer.Ordinal));
            Assert.Equal(1, await SqlProbe.CountAsync(fixture.ConnectionString, StateRowsByKey,
                ("type", CounterGrain.StateName), ("key", key)));
        }
    }

    /// <summary>
    /// Npgsql prepares the provider's statements, and PostgreSQL then plans them without the parameter values. Every
    /// case has grain_id_n0 = grain_id_n1 = 0, so a plan that cannot match the key extension in the index reads all
    /// cases' rows on every activation (migration 0009). Each storage query must find its row by the whole identity.
    /// </summary>
    [Theory]
    [InlineData("ReadFromStorageKey")]
    [InlineData("WriteToStorageKey")]
    [InlineData("ClearStorageKey")]
    [InlineData("DeleteStorageKey")]
    public async Task Storage_queries_find_their_row_by_the_whole_identity_under_a_generic_plan(string queryKey)
    {
        var plan = await GenericPlanAsync(await SqlProbe.QueryTextAsync(fixture.ConnectionString, queryKey));

        var lookups = plan.Where(line => line.Contains("Index Cond:", StringComparison.Ordinal)).ToList();
        Assert.Contains(lookups, line => line.Contains("grain_id_n1 = $4", StringComparison.Ordinal)
            && line.Contains("COALESCE(('+'::text || grain_id_extension_string), ''::text) =", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Filter:", StringComparison.Ordinal)
            && line.Contains("grain_id_extension_string", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on orleans_grain_state", StringComparison.Ordinal));
    }

    /// <summary>The plan PostgreSQL reuses for a prepared statement, whatever the values: its generic plan.</summary>
    private async Task<List<string>> GenericPlanAsync(string queryText)
    {
        string[] parameters = ["ServiceId", "GrainTypeString", "GrainIdN0", "GrainIdN1", "GrainIdExtensionString",
                               "GrainIdHash", "GrainTypeHash", "PayloadBinary", "GrainStateVersion"];
        const string types = "text, text, bigint, bigint, text, integer, integer, bytea, integer";
        var positional = queryText;
        for (var i = 0; i < parameters.Length; i++)
        {
            positional = System.Text.RegularExpressions.Regex.Replace(positional, $@"@{parameters[i]}\b", $"${i + 1}");
        }

        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using (var prepare = new Npgsql.NpgsqlCommand(
            $"SET plan_cache_mode = force_generic_plan; PREPARE storage_query ({types}) AS {positional}", connection))
        {
            await prepare.ExecuteNonQueryAsync();
        }

        await using var explain = new Npgsql.NpgsqlCommand(
            "EXPLAIN EXECUTE storage_query ('svc', 'counter', 0, 0, 'k-plan', 1, 2, '\\x00', 1)", connection);
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return plan;
    }

    private IGrainStorage StorageOfSilo(int index) =>
        fixture.Cluster.Silos[index].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(RegistryClusterFixture.StorageName);

    private async Task<int> VersionOfAsync(string stateName, string key) =>
        Convert.ToInt32(await SqlProbe.ScalarAsync(fixture.ConnectionString,
            "SELECT version FROM orleans_grain_state WHERE grain_type_string = @type AND grain_id_extension_string = @key",
            ("type", stateName), ("key", key)), System.Globalization.CultureInfo.InvariantCulture);
}
