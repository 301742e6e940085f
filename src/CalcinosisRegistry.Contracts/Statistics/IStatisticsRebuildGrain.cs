namespace CalcinosisRegistry.Contracts.Statistics;

/// <summary>Recomputes every statistic from the case grains (one grain, <see cref="RegistryKeys.StatisticsAdmin"/>).</summary>
[Alias("calcinosis.IStatisticsRebuildGrain")]
public interface IStatisticsRebuildGrain : IGrainWithStringKey
{
    [Alias("Rebuild"), ResponseTimeout("00:10:00")]
    Task<RebuildReport> RebuildAsync();
}
