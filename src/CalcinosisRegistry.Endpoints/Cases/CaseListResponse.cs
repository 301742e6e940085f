namespace CalcinosisRegistry.Endpoints.Cases;

/// <summary>One page of a site's live cases, in case-id order. Pass <c>nextAfter</c> as <c>after</c> for the next page.</summary>
public sealed record CaseListResponse(string SiteId, int Total, IReadOnlyList<CaseListItem> Items, string? NextAfter);
