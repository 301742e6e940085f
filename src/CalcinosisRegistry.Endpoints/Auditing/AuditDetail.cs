using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>
/// A short detail a handler leaves for its request's audit entry, such as an analysis body's digest
/// (<c>sha256:…</c>), so the trail records what was asked without storing the request itself.
/// </summary>
public static class AuditDetail
{
    private const string ItemKey = "registry.audit.detail";

    public static void Record(HttpContext http, string detail)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Items[ItemKey] = detail;
    }

    public static string? Of(HttpContext http) => http.Items.TryGetValue(ItemKey, out var value) ? value as string : null;
}
