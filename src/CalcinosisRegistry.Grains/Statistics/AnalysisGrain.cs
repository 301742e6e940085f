using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Analyses;
using Orleans.Concurrency;

namespace CalcinosisRegistry.Grains.Statistics;

/// <summary>Fans an analysis out to every statistics shard and merges their partial statistics.</summary>
[StatelessWorker]
public sealed class AnalysisGrain : Grain, IAnalysisGrain
{
    public async Task<AnalysisShardResult> AnalyzeAsync(AnalysisRequest request)
    {
        var parts = await Task.WhenAll(Enumerable.Range(0, RegistryKeys.StatisticsShardCount).Select(shard =>
            GrainFactory.GetRegistryGrain<IStatisticsShardGrain>(RegistryKeys.StatisticsShard(shard)).AnalyzeAsync(request)));
        return new AnalysisShardResult(AnalysisPartial.MergeAll(parts.Select(part => part.Partial)));
    }
}
