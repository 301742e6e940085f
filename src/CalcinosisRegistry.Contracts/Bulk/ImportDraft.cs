namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>
/// A validated, previewed upload, handed to its import grain to be kept until committed or expired. Only the counts:
/// the cases and faults themselves are staged in the <see cref="IImportStagingStore"/>, so the grain's state stays
/// the same size whatever the upload's.
/// </summary>
[GenerateSerializer, Immutable, Alias("calcinosis.ImportDraft")]
public sealed record ImportDraft(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string Format,
    [property: Id(2)] string CreatedBy,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(7)] ImportCounts Preview,
    [property: Id(8)] int Total,
    [property: Id(9)] int Faults);
