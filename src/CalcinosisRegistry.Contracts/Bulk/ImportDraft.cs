namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>A validated, previewed upload, handed to its import grain to be kept until committed or expired.</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.ImportDraft")]
public sealed record ImportDraft(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string Format,
    [property: Id(2)] string CreatedBy,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] IReadOnlyList<ImportCase> Cases,
    [property: Id(6)] IReadOnlyList<ImportFaultEntry> Faults);
