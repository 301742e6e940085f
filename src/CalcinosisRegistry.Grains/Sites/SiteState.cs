using CalcinosisRegistry.Contracts.Sites;

namespace CalcinosisRegistry.Grains.Sites;

/// <summary>
/// The site index as it was stored before the row-per-case <see cref="Storage.IRegistryIndexStore"/>: one blob
/// rewritten on every case write. Only read, once, to move an existing site's entries into the store.
/// </summary>
[GenerateSerializer, Alias("calcinosis.SiteState")]
public sealed class SiteState
{
    [Id(0)] public SortedDictionary<string, SiteCaseEntry> Cases { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public bool ListedInDirectory { get; set; }
}
