namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>
/// The recurrences (events) and censorings at one follow-up day. Arrays of these, sorted by day with one entry per
/// day, are the compact follow-up an analysis passes from shard to merge to curve without re-sorting.
/// </summary>
public readonly record struct DayCounts(int Day, int Events, int Censored);
