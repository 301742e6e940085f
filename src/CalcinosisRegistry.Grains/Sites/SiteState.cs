using CalcinosisRegistry.Contracts.Sites;

namespace CalcinosisRegistry.Grains.Sites;

[GenerateSerializer, Alias("calcinosis.SiteState")]
public sealed class SiteState
{
    /// <summary>Every case the site ever had, by case id (ordinal order), withdrawn ones as tombstones.</summary>
    [Id(0)] public SortedDictionary<string, SiteCaseEntry> Cases { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public bool ListedInDirectory { get; set; }
}
