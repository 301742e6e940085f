using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Contracts.Cases;

/// <summary>The stored state of a live case as a caller sees it.</summary>
[GenerateSerializer, Immutable, Alias("calcinosis.CaseSnapshot")]
public sealed record CaseSnapshot(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string CaseId,
    [property: Id(2)] int Version,
    [property: Id(3)] string ETag,
    [property: Id(4)] string DocumentJson,
    [property: Id(5)] IReadOnlyList<ValidationWarning> Warnings,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] IReadOnlyList<CaseHistoryEntry> History);
