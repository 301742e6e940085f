using CalcinosisRegistry.Contracts.Statistics;

namespace CalcinosisRegistry.Grains.Statistics;

/// <summary>
/// A shard's entries as they were stored before the row-per-case <see cref="Storage.IRegistryIndexStore"/>: one
/// blob rewritten on every case write. Only read, once, to move an existing shard's entries into the store.
/// </summary>
[GenerateSerializer, Alias("calcinosis.StatisticsShardState")]
public sealed class StatisticsShardState
{
    [Id(0)] public Dictionary<string, ShardEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}
