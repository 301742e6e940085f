using CalcinosisRegistry.Contracts.Sites;

namespace CalcinosisRegistry.Web.Services;

/// <summary>One page of a site's case list as the browser shows it; <see cref="NextAfter"/> continues it.</summary>
public sealed record CaseListPage(int SiteTotal, IReadOnlyList<SiteCaseEntry> Items, string? NextAfter);
