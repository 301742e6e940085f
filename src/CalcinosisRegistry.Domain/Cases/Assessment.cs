namespace CalcinosisRegistry.Domain.Cases;

public sealed record Assessment(int Day, Response Response);
