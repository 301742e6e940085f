using CalcinosisRegistry.Domain.Audit;

namespace CalcinosisRegistry.Endpoints.Admin;

/// <summary>
/// One page of the audit trail, in the API's one paging convention (as for a site's cases): <c>items</c>, and
/// <c>nextAfter</c> to pass as <c>after</c> for the next page (null on the last page).
/// </summary>
public sealed record AuditPageResponse(IReadOnlyList<AuditEntry> Items, long? NextAfter);
