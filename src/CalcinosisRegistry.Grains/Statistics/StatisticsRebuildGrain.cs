using System.Diagnostics;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;

namespace CalcinosisRegistry.Grains.Statistics;

/// <summary>
/// Recomputes the statistics from the case grains: every case recomputes its contribution from its stored
/// document, and each shard replaces its entries with these and recomputes its tallies from scratch (dropping
/// entries no case of that shard accounts for). Writes that happen meanwhile carry higher versions, so they win over
/// the rebuild's older view.
/// </summary>
public sealed class StatisticsRebuildGrain : Grain, IStatisticsRebuildGrain
{
    /// <summary>Bounds how many case grains are asked at once, so a rebuild does not starve live traffic.</summary>
    private const int Parallelism = 64;

    public async Task<RebuildReport> RebuildAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var rebuildId = Guid.NewGuid();
        await Task.WhenAll(Shards().Select(shard => shard.BeginRebuildAsync(rebuildId)));
        var sites = await GrainFactory.GetRegistryGrain<ISiteDirectoryGrain>(RegistryKeys.SiteDirectory).GetSitesAsync();
        var caseKeys = new List<string>();
        foreach (var site in sites)
        {
            var caseIds = await GrainFactory.GetRegistryGrain<ISiteGrain>(RegistryKeys.Site(site)).GetAllCaseIdsAsync();
            caseKeys.AddRange(caseIds.Select(caseId => RegistryKeys.Case(site, caseId)));
        }

        var entries = new List<ShardEntry>(caseKeys.Count);
        foreach (var batch in caseKeys.Chunk(Parallelism))
        {
            entries.AddRange(await Task.WhenAll(batch.Select(key =>
                GrainFactory.GetRegistryGrain<ICaseGrain>(key).GetStatisticsEntryAsync())));
        }

        var byShard = entries.ToLookup(entry => RegistryKeys.ShardOf(entry.CaseKey));
        await Task.WhenAll(Shards().Select((shard, index) => shard.ResetAsync(rebuildId, [.. byShard[index]])));

        return new RebuildReport(
            sites.Count,
            entries.Count,
            entries.Count(e => e.Contribution is not null),
            Stopwatch.GetElapsedTime(started));
    }

    private IEnumerable<IStatisticsShardGrain> Shards() =>
        Enumerable.Range(0, RegistryKeys.StatisticsShardCount)
            .Select(shard => GrainFactory.GetRegistryGrain<IStatisticsShardGrain>(RegistryKeys.StatisticsShard(shard)));
}
