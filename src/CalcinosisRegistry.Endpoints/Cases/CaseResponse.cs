using System.Text.Json.Serialization;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Endpoints.Cases;

/// <summary>
/// A stored case: the document exactly as stored, with its version, ETag, warnings and change history. The ETag is
/// written <c>etag</c>, like every other member in camel case (the default would give <c>eTag</c>).
/// </summary>
public sealed record CaseResponse(
    string SiteId,
    string CaseId,
    int Version,
    [property: JsonPropertyName("etag")] string ETag,
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
