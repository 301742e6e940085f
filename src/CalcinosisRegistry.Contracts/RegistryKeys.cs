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

    /// <summary>A staged import of a site (bulk imports).</summary>
    public static string Import(string siteId, string importId) => $"import:{siteId}/{importId}";

    public const string SiteDirectory = "sites:registry";

    public const string StatisticsAdmin = "statistics:registry";

    public const string AccessControl = "access:registry";

    /// <summary>The suppressed statistics for threshold <paramref name="k"/>, optionally of one site.</summary>
    public static string PublishedStatistics(int k, string? siteId = null) => siteId is null ? $"published:k{k}" : $"published:k{k}@{siteId}";

    /// <summary>The rounded statistics for rounding base <paramref name="roundTo"/>, optionally of one site.</summary>
    public static string RoundedStatistics(int roundTo, string? siteId = null) => siteId is null ? $"published:r{roundTo}" : $"published:r{roundTo}@{siteId}";

    public static string StatisticsShard(int shard) => $"shard:{shard}";

    /// <summary>The stateless worker that fans a cohort analysis out to the shards.</summary>
    public const string Analyses = "analyses:registry";

    /// <summary>The one grain that re-publishes case versions left pending (a silo died between storing and publishing).</summary>
    public const string PublicationSweeper = "publication-sweeper";

    /// <summary>The statistics grain of one calcinosis type (its wire name) or of <see cref="AllTypes"/>, optionally of one site.</summary>
    public static string TypeStatistics(string typeWireName, string? siteId = null) => $"type:{TallyKey(typeWireName, siteId)}";

    /// <summary>
    /// A shard's tally key: the type's wire name (or <see cref="AllTypes"/>), and for one site's share
    /// <c>{type}@{site}</c> ('@' appears in neither a type nor a site id).
    /// </summary>
    public static string TallyKey(string typeWireName, string? siteId) => siteId is null ? typeWireName : $"{typeWireName}@{siteId}";

    /// <summary>The site of a case key <c>case:{site}/{case}</c>.</summary>
    public static string SiteOfCase(string caseKey) => caseKey["case:".Length..caseKey.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>The case id of a case key <c>case:{site}/{case}</c> (site ids contain no '/').</summary>
    public static string CaseIdOfCase(string caseKey) => caseKey[(caseKey.IndexOf('/', StringComparison.Ordinal) + 1)..];

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
