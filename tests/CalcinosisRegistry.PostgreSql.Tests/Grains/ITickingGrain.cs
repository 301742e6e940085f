namespace CalcinosisRegistry.PostgreSql.Tests.Grains;

public interface ITickingGrain : IGrainWithStringKey
{
    Task StartTickingAsync(TimeSpan period);

    Task StopTickingAsync();

    Task<int> GetTicksAsync();
}
