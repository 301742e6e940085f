using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>
/// What a request covered, for its audit entry's detail (e.g. which cases an export handed out), left by the handler
/// as it leaves <see cref="AuditVersions"/>.
/// </summary>
public sealed record AuditDetail(string Text)
{
    private const string ItemKey = "registry.audit.detail";

    public static void Record(HttpContext http, string text) => http.Items[ItemKey] = new AuditDetail(text);

    public static string? Of(HttpContext http) => http.Items.TryGetValue(ItemKey, out var value) ? (value as AuditDetail)?.Text : null;
}
