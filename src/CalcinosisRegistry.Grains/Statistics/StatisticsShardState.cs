using CalcinosisRegistry.Contracts.Statistics;

namespace CalcinosisRegistry.Grains.Statistics;

/// <summary>
/// The contributions of the shard's cases by case key (withdrawals as tombstones, so a late older message is
/// still recognised). The tallies are not stored: they are derived from these entries on activation.
/// </summary>
[GenerateSerializer, Alias("calcinosis.StatisticsShardState")]
public sealed class StatisticsShardState
{
    [Id(0)] public Dictionary<string, ShardEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}
