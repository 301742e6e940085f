using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>The case versions before and after a request, left by a handler for the audit trail.</summary>
public sealed record AuditVersions(int? Before, int? After)
{
    private const string ItemKey = "registry.audit.versions";

    public static void Record(HttpContext http, int? before, int? after) => http.Items[ItemKey] = new AuditVersions(before, after);

    public static AuditVersions? Of(HttpContext http) => http.Items.TryGetValue(ItemKey, out var value) ? value as AuditVersions : null;
}
