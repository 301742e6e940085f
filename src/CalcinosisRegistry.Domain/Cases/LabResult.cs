namespace CalcinosisRegistry.Domain.Cases;

public sealed record LabResult(int Day, double? SerumCalciumMgDl, double? PhosphateMgDl, double? PthPgMl);
