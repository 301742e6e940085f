using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Endpoints.Cases;

/// <summary>A stored case: the document exactly as stored, with its version, ETag, warnings and change history.</summary>
public sealed record CaseResponse(
    string SiteId,
    string CaseId,
    int Version,
    string ETag,
    StoredJson Document,
    IReadOnlyList<ValidationWarning> Warnings,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<CaseHistoryEntry> History)
{
    public static CaseResponse From(CaseSnapshot snapshot) =>
        new(snapshot.SiteId, snapshot.CaseId, snapshot.Version, snapshot.ETag,
            new StoredJson(snapshot.DocumentJson), snapshot.Warnings, snapshot.CreatedAt, snapshot.UpdatedAt, snapshot.History);
}
