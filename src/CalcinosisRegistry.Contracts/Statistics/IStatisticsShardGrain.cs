using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Domain.Statistics;
using Orleans.Concurrency;

namespace CalcinosisRegistry.Contracts.Statistics;

/// <summary>
/// Holds the statistics contributions of the cases that hash to it (<see cref="RegistryKeys.ShardOf"/>) and the
/// per-type sufficient statistics built from them, which it pushes to the type grains.
/// </summary>
[Alias("calcinosis.IStatisticsShardGrain")]
public interface IStatisticsShardGrain : IGrainWithStringKey
{
    /// <summary>Replaces a case's contribution if the entry's version is newer than the one held; returns once stored.</summary>
    /// <remarks>[Immutable]: the case grain keeps its entry unchanged per version, and the shard only stores it.</remarks>
    [Alias("Apply")]
    Task ApplyAsync([Immutable] ShardEntry entry);

    /// <summary>The shard's current tally for one calcinosis type wire name, or for <see cref="RegistryKeys.AllTypes"/>.</summary>
    [Alias("Tally")]
    Task<StatisticsTally> GetTallyAsync(string typeWireName);

    /// <summary>The shard's part of a cohort analysis, from its compact analysis data (no case document is read).</summary>
    [Alias("Analyze"), AlwaysInterleave]
    Task<AnalysisShardResult> AnalyzeAsync([Immutable] AnalysisRequest request);

    /// <summary>A rebuild is about to read the cases: from now on the shard notes which cases change meanwhile.</summary>
    [Alias("BeginRebuild")]
    Task BeginRebuildAsync(Guid rebuildId);

    /// <summary>
    /// Replaces the shard's contents by a rebuild's: entries the rebuild did not list are dropped (they belong to no
    /// case of this shard), except cases written since <see cref="BeginRebuildAsync"/>, and a concurrent write's
    /// newer version always wins.
    /// </summary>
    [Alias("Reset")]
    Task ResetAsync(Guid rebuildId, IReadOnlyList<ShardEntry> entries);
}
