namespace CalcinosisRegistry.Endpoints.Admin;

/// <summary>A token to issue: a label and a lifetime of 1..365 days (default 90).</summary>
public sealed record NewTokenRequest(string Name, int? ExpiresInDays);
