using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;

namespace CalcinosisRegistry.PostgreSql.Tests.Grains;

public sealed class OtherCounterGrain(
    [PersistentState(OtherCounterGrain.StateName, RegistryClusterFixture.StorageName)] IPersistentState<CounterState> state)
    : Grain, IOtherCounterGrain
{
    public const string StateName = "other-counter";

    public async Task SetAsync(int value, string note)
    {
        state.State.Value = value;
        state.State.Note = note;
        await state.WriteStateAsync();
    }

    public Task<CounterState> GetAsync() => Task.FromResult(state.State);

    public Task ClearAsync() => state.ClearStateAsync();

    public Task<bool> RecordExistsAsync() => Task.FromResult(state.RecordExists);
}
