using CalcinosisRegistry.Domain.Statistics;
using Orleans.Concurrency;

namespace CalcinosisRegistry.Contracts.Statistics;

/// <summary>
/// The statistics of one calcinosis type, or of all types (<see cref="RegistryKeys.TypeStatistics"/>). Merges the
/// shards' tallies incrementally and serves a summary serialised ahead of time, so a read never touches case data.
/// </summary>
[Alias("calcinosis.ITypeStatisticsGrain")]
public interface ITypeStatisticsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Replaces one shard's part of the total. [Immutable]: the shard sends a snapshot it never touches again, so
    /// within a silo the tally is passed by reference instead of deep-copied through JSON at every push.
    /// </summary>
    [Alias("UpdateShard")]
    Task UpdateShardAsync(int shard, long sequence, [Immutable] StatisticsTally tally);

    [Alias("Get"), AlwaysInterleave]
    Task<StatisticsDocument> GetAsync(bool includeCurve);

    /// <summary>The running total; with <paramref name="unlessRevision"/> equal to the current revision, no tally is sent.</summary>
    [Alias("Tally"), AlwaysInterleave]
    Task<TallySnapshot?> GetTallyAsync(long unlessRevision);
}
