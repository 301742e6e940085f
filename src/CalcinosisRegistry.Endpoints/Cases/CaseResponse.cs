using System.Text.Json;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Endpoints.Cases;

/// <summary>A stored case: the document exactly as stored, with its version, ETag, warnings and change history.</summary>
public sealed record CaseResponse(
    string SiteId,
    string CaseId,
    int Version,
    string ETag,
    JsonElement Document,
    IReadOnlyList<ValidationWarning> Warnings,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<CaseHistoryEntry> History)
{
    public static CaseResponse From(CaseSnapshot snapshot)
    {
        using var document = JsonDocument.Parse(snapshot.DocumentJson);
        return new CaseResponse(snapshot.SiteId, snapshot.CaseId, snapshot.Version, snapshot.ETag,
            document.RootElement.Clone(), snapshot.Warnings, snapshot.CreatedAt, snapshot.UpdatedAt, snapshot.History);
    }
}
