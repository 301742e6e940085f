namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>
/// One case of a staged import, at its <see cref="Ordinal"/> (0-based upload order): its preview (with the top-level
/// fields that differ from the stored case), the version it was judged against (0 for a new case), its validated
/// document (null when refused, and when read for display) and what the commit did with it.
/// </summary>
[GenerateSerializer, Immutable, Alias("calcinosis.ImportCase")]
public sealed record ImportCase(
    [property: Id(0)] string CaseId,
    [property: Id(1)] ImportPreview Preview,
    [property: Id(2)] IReadOnlyList<string> ChangedFields,
    [property: Id(3)] int BaseVersion,
    [property: Id(4)] string? DocumentJson,
    [property: Id(5)] ImportOutcome Outcome = ImportOutcome.Pending,
    [property: Id(6)] int? VersionAfter = null,
    [property: Id(7)] int Ordinal = 0);
