using CalcinosisRegistry.Contracts.Storage;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.Audit;
using CalcinosisRegistry.PostgreSql.Tests.Grains;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CalcinosisRegistry.PostgreSql.Tests;

/// <summary>
/// A case write that carries its audit entry commits the state row and the entry in one transaction, or, when the
/// row refuses the write, neither: an acknowledged write is always audited, and a refused one never is.
/// </summary>
public sealed class AuditedStateWriteTests(RegistryClusterFixture fixture) : IClassFixture<RegistryClusterFixture>
{
    private const string CaseState = RegistryStorage.CaseStateName;
    private const string Site = "site-aw";

    [Fact]
    public async Task A_stored_write_and_its_entry_are_committed_by_the_same_transaction()
    {
        var key = Key("together");
        var state = new GrainState<CounterState>(new CounterState { Value = 1 });
        await StorageOf(0).WriteStateAsync(CaseState, GrainId.Create("case", key), state, Entry(key, before: 0, after: 1));

        Assert.Equal("1", state.ETag);
        var stateTransaction = await SqlProbe.ScalarAsync(fixture.ConnectionString,
            "SELECT xmin::text FROM orleans_grain_state WHERE grain_type_string = @type AND grain_id_extension_string = @key",
            ("type", CaseState), ("key", key));
        var entryTransactions = await SqlProbe.ColumnAsync(fixture.ConnectionString,
            $"SELECT xmin::text || ' ' || version_after || ' ' || status FROM audit_log WHERE case_id = '{CaseIdOf(key)}'");
        Assert.Equal([$"{stateTransaction} 1 201"], entryTransactions);
    }

    [Fact]
    public async Task A_refused_write_appends_no_entry()
    {
        var key = Key("refused");
        var grainId = GrainId.Create("case", key);
        var firstETag = await StoreTwoVersionsAsync(key);

        var stale = new GrainState<CounterState>(new CounterState { Value = 3 }) { ETag = firstETag };
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            StorageOf(1).WriteStateAsync(CaseState, grainId, stale, Entry(key, before: 1, after: 2, actor: "stale-writer")));
        var duplicateFirst = new GrainState<CounterState>(new CounterState { Value = 4 });
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            StorageOf(0).WriteStateAsync(CaseState, grainId, duplicateFirst, Entry(key, before: 0, after: 1, actor: "late-creator")));

        Assert.Equal(["0 1 tester", "1 2 tester"], await EntriesOfAsync(key));
        await AssertChainIntactAsync();
    }

    [Fact]
    public async Task Writes_sharing_a_transaction_are_audited_each_only_if_stored()
    {
        var staleKey = Key("batch-stale");
        var staleId = GrainId.Create("case", staleKey);
        var firstETag = await StoreTwoVersionsAsync(staleKey);

        // 30 writes issued at once share transactions; one of them is stale and must take no entry with it.
        var keys = Enumerable.Range(0, 30).Select(i => Key($"batch-{i}")).ToList();
        var writes = keys.Select(key => StorageOf(0).WriteStateAsync(CaseState, GrainId.Create("case", key),
            new GrainState<CounterState>(new CounterState { Value = 5 }), Entry(key, before: 0, after: 1))).ToList();
        var staleWrite = StorageOf(0).WriteStateAsync(CaseState, staleId,
            new GrainState<CounterState>(new CounterState { Value = 3 }) { ETag = firstETag }, Entry(staleKey, before: 1, after: 2, actor: "stale-writer"));

        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
        foreach (var key in keys)
        {
            Assert.Equal(["0 1 tester"], await EntriesOfAsync(key));
        }

        Assert.Equal(["0 1 tester", "1 2 tester"], await EntriesOfAsync(staleKey));
        await AssertChainIntactAsync();
    }

    [Fact]
    public async Task Audited_writes_from_two_silos_and_plain_appends_keep_one_intact_chain_with_every_entry()
    {
        // Each silo has its own audit writer; every append of one moves the head the other believes in.
        var keys = Enumerable.Range(0, 40).Select(i => Key($"two-silos-{i}")).ToList();
        var log = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<PostgreSqlAuditLog>();
        var work = keys.Select((key, i) => StorageOf(i % 2).WriteStateAsync(CaseState, GrainId.Create("case", key),
                new GrainState<CounterState>(new CounterState { Value = i }), Entry(key, before: 0, after: 1)))
            .Concat(keys.Take(10).Select(key => log.AppendAsync(Entry(key, before: 1, after: 1, actor: "reader"), CancellationToken.None)))
            .ToList();
        await Task.WhenAll(work);

        foreach (var (key, i) in keys.Select((key, i) => (key, i)))
        {
            var expected = i < 10 ? new[] { "0 1 tester", "1 1 reader" } : ["0 1 tester"];
            Assert.Equal(expected, (await EntriesOfAsync(key)).Order(StringComparer.Ordinal));
        }

        await AssertChainIntactAsync();
    }

    /// <summary>Stores versions 1 and 2 of the case, each with its entry; returns version 1's ETag, now stale.</summary>
    private async Task<string> StoreTwoVersionsAsync(string key)
    {
        var grainId = GrainId.Create("case", key);
        var first = new GrainState<CounterState>(new CounterState { Value = 1 });
        await StorageOf(0).WriteStateAsync(CaseState, grainId, first, Entry(key, before: 0, after: 1));
        var second = new GrainState<CounterState>(new CounterState { Value = 2 }) { ETag = first.ETag };
        await StorageOf(0).WriteStateAsync(CaseState, grainId, second, Entry(key, before: 1, after: 2));
        return first.ETag!;
    }

    private static string Key(string name) => $"case:{Site}/{name}-{Guid.NewGuid():N}";

    private static string CaseIdOf(string key) => key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];

    private static AuditEvent Entry(string key, int before, int after, string actor = "tester") =>
        new(DateTimeOffset.UtcNow, actor, "researcher", "case.put", Site, CaseIdOf(key), before, after, "allowed", before == 0 ? 201 : 200, null);

    /// <summary>The case's entries as "before after actor", in sequence order.</summary>
    private async Task<IReadOnlyList<string>> EntriesOfAsync(string key) =>
        await SqlProbe.ColumnAsync(fixture.ConnectionString,
            $"SELECT version_before || ' ' || version_after || ' ' || actor FROM audit_log WHERE case_id = '{CaseIdOf(key)}' ORDER BY sequence");

    private async Task AssertChainIntactAsync()
    {
        await using var log = new PostgreSqlAuditLog(fixture.ConnectionString);
        var verification = await log.VerifyAsync(CancellationToken.None);
        Assert.True(verification.Intact, verification.Problem);
    }

    private IAuditedGrainStorage StorageOf(int silo) =>
        Assert.IsAssignableFrom<IAuditedGrainStorage>(
            fixture.Cluster.Silos[silo].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(RegistryClusterFixture.StorageName));
}
