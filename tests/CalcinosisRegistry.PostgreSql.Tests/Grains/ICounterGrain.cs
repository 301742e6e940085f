namespace CalcinosisRegistry.PostgreSql.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task SetAsync(int value, string note);

    Task<CounterState> GetAsync();

    Task ClearAsync();

    Task<bool> RecordExistsAsync();
}
