namespace CalcinosisRegistry.Endpoints.Sites;

/// <summary>A registered site as every signed-in user sees it.</summary>
public sealed record SiteResponse(string SiteId, string Name);
