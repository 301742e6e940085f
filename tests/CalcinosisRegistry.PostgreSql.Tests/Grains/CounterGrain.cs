using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;

namespace CalcinosisRegistry.PostgreSql.Tests.Grains;

public sealed class CounterGrain(
    [PersistentState(CounterGrain.StateName, RegistryClusterFixture.StorageName)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain
{
    /// <summary>The state name is the provider's "grain type": one per grain class, as the application does.</summary>
    public const string StateName = "counter";

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
