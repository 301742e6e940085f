using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>
/// What a handler leaves for the audit trail: the case versions before and after the request, and whether its case
/// write already committed the request's entry with the case state (<see cref="RecordedWithWrite"/>; the audit
/// filter then appends none).
/// </summary>
public sealed record AuditVersions(int? Before, int? After, bool RecordedWithWrite)
{
    private const string ItemKey = "registry.audit.versions";

    public static void Record(HttpContext http, int? before, int? after, bool recordedWithWrite = false) =>
        http.Items[ItemKey] = new AuditVersions(before, after, recordedWithWrite);

    public static AuditVersions? Of(HttpContext http) => http.Items.TryGetValue(ItemKey, out var value) ? value as AuditVersions : null;
}
