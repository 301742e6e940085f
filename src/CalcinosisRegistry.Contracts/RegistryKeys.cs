namespace CalcinosisRegistry.Contracts;

/// <summary>
/// Grain keys. Every string key starts with a word that is not hexadecimal, because Orleans' ADO.NET storage reads
/// hex-looking string keys as numbers (so "beef" and "BEEF" would share a row).
/// </summary>
public static class RegistryKeys
{
    /// <summary>Number of statistics shards. Part of the stored layout: changing it needs a statistics rebuild.</summary>
    public const int StatisticsShardCount = 32;

    public const string AllTypes = "all";

    public static string Case(string siteId, string caseId) => $"case:{siteId}/{caseId}";

    public static string Site(string siteId) => $"site:{siteId}";

    public const string SiteDirectory = "sites:registry";

    public const string StatisticsAdmin = "statistics:registry";

    public const string AccessControl = "access:registry";

    /// <summary>The suppressed statistics for threshold <paramref name="k"/>.</summary>
    public static string PublishedStatistics(int k) => $"published:k{k}";

    public static string StatisticsShard(int shard) => $"shard:{shard}";

    public static string Outbox(int shard) => $"outbox:{shard}";

    /// <summary>The statistics grain of one calcinosis type (its wire name) or of <see cref="AllTypes"/>.</summary>
    public static string TypeStatistics(string typeWireName) => $"type:{typeWireName}";

    /// <summary>A stable shard for a case: FNV-1a over the case key, so every silo and every restart agrees.</summary>
    public static int ShardOf(string caseKey)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var ch in caseKey)
        {
            hash = (hash ^ ch) * prime;
        }

        return (int)(hash % StatisticsShardCount);
    }
}
