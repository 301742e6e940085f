using System.Text.Json;

namespace CalcinosisRegistry.Security.Tests.Infrastructure;

/// <summary>One entry of <c>GET /api/admin/audit</c>, flattened for assertions.</summary>
public sealed record AuditRecord(
    long Sequence,
    string Actor,
    string Role,
    string Action,
    string? SiteId,
    string? CaseId,
    int? VersionBefore,
    int? VersionAfter,
    string Outcome,
    int? Status,
    string Hash,
    string? TokenId = null,
    string? Detail = null)
{
    public static AuditRecord From(JsonElement entry)
    {
        var e = entry.GetProperty("event");
        return new AuditRecord(
            entry.GetProperty("sequence").GetInt64(),
            e.GetProperty("actor").GetString()!,
            e.GetProperty("role").GetString()!,
            e.GetProperty("action").GetString()!,
            OptionalString(e, "siteId"),
            OptionalString(e, "caseId"),
            OptionalInt(e, "versionBefore"),
            OptionalInt(e, "versionAfter"),
            e.GetProperty("outcome").GetString()!,
            OptionalInt(e, "status"),
            entry.GetProperty("hash").GetString()!,
            OptionalString(e, "tokenId"),
            OptionalString(e, "detail"));
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? OptionalInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}
