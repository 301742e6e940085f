using CalcinosisRegistry.Domain.Analyses;
using Orleans.Concurrency;

namespace CalcinosisRegistry.Contracts.Statistics;

/// <summary>
/// Runs a cohort analysis: asks every statistics shard for its partial sufficient statistics and merges them
/// (a stateless worker, <see cref="RegistryKeys.Analyses"/>), so the front end makes one call per analysis.
/// </summary>
[Alias("calcinosis.IAnalysisGrain")]
public interface IAnalysisGrain : IGrainWithStringKey
{
    [Alias("Analyze")]
    Task<AnalysisShardResult> AnalyzeAsync([Immutable] AnalysisRequest request);
}
