using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Grains.Cases;
using CalcinosisRegistry.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace CalcinosisRegistry.Grains.Tests;

/// <summary>
/// The embedded default's grain storage keeps the promises the durable provider keeps: what was written reads back,
/// a write with a stale ETag is refused and changes nothing, and a cleared state reads as absent.
/// </summary>
public sealed class InMemoryGrainStorageTests
{
    private static readonly GrainId Grain = GrainId.Create("case", "case:storage-test/CASE-1");
    private readonly InMemoryGrainStateTable _table = new();

    [Fact]
    public async Task A_written_state_reads_back_in_a_fresh_activation_with_its_etag()
    {
        var storage = Storage();
        var written = new GrainState<CaseState> { State = State(version: 3, json: "{\"a\":1}") };
        await storage.WriteStateAsync("case", Grain, written);

        var read = new GrainState<CaseState>();
        await Storage().ReadStateAsync("case", Grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(3, read.State!.Version);
        Assert.Equal("{\"a\":1}", read.State!.DocumentJson);
        Assert.Equal(written.State!.History, read.State!.History);
        Assert.NotSame(written.State, read.State);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_the_stored_state_is_unchanged()
    {
        var first = new GrainState<CaseState>();
        var second = new GrainState<CaseState>();
        await Storage().ReadStateAsync("case", Grain, first);
        await Storage().ReadStateAsync("case", Grain, second);

        first.State = State(version: 1, json: "{\"winner\":true}");
        await Storage().WriteStateAsync("case", Grain, first);
        second.State = State(version: 1, json: "{\"winner\":false}");

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage().WriteStateAsync("case", Grain, second));
        var read = new GrainState<CaseState>();
        await Storage().ReadStateAsync("case", Grain, read);
        Assert.Equal("{\"winner\":true}", read.State!.DocumentJson);
    }

    [Fact]
    public async Task A_cleared_state_reads_as_absent_and_states_are_kept_apart_by_state_name()
    {
        var storage = Storage();
        var state = new GrainState<CaseState> { State = State(version: 1, json: "{}") };
        await storage.WriteStateAsync("case", Grain, state);
        var other = new GrainState<CaseState> { State = State(version: 7, json: "{\"other\":1}") };
        await storage.WriteStateAsync("other-state", Grain, other);

        await storage.ClearStateAsync("case", Grain, state);
        var read = new GrainState<CaseState>();
        await storage.ReadStateAsync("case", Grain, read);
        var readOther = new GrainState<CaseState>();
        await storage.ReadStateAsync("other-state", Grain, readOther);

        Assert.False(read.RecordExists);
        Assert.Null(read.State!.DocumentJson);
        Assert.Equal(7, readOther.State!.Version);
    }

    /// <summary>A storage as a silo builds it: the table is shared, the serializer is the silo's own.</summary>
    private InMemoryGrainStorage Storage()
    {
        var services = new ServiceCollection().AddSerializer(serializer => serializer.AddRegistryDomainTypes()).BuildServiceProvider();
        return new InMemoryGrainStorage(_table, new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
    }

    private static CaseState State(int version, string json) => new()
    {
        Version = version,
        DocumentJson = json,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        History = [new CaseHistoryEntry(version, CaseOperation.Create, DateTimeOffset.UnixEpoch, "digest")],
    };
}
