namespace CalcinosisRegistry.Endpoints.Cases;

public sealed record CaseListItem(string CaseId, int Version, string? CalcinosisType, DateTimeOffset UpdatedAt);
