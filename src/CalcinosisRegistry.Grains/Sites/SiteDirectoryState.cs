namespace CalcinosisRegistry.Grains.Sites;

[GenerateSerializer, Alias("calcinosis.SiteDirectoryState")]
public sealed class SiteDirectoryState
{
    [Id(0)] public SortedSet<string> Sites { get; set; } = new(StringComparer.Ordinal);
}
