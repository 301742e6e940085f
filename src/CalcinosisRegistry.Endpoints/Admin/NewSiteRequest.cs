namespace CalcinosisRegistry.Endpoints.Admin;

public sealed record NewSiteRequest(string SiteId, string Name);
