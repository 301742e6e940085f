namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>
/// Case counts of an import. As a preview: new, changed, unchanged, refused. As commit outcomes: created, replaced,
/// unchanged, changed since the preview, skipped (refused and left out), pending.
/// </summary>
[GenerateSerializer, Immutable, Alias("calcinosis.ImportCounts")]
public sealed record ImportCounts(
    [property: Id(0)] int New = 0,
    [property: Id(1)] int Changed = 0,
    [property: Id(2)] int Unchanged = 0,
    [property: Id(3)] int Refused = 0,
    [property: Id(4)] int Created = 0,
    [property: Id(5)] int Replaced = 0,
    [property: Id(6)] int ChangedSincePreview = 0,
    [property: Id(7)] int Skipped = 0,
    [property: Id(8)] int Pending = 0);
