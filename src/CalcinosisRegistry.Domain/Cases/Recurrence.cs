namespace CalcinosisRegistry.Domain.Cases;

public sealed record Recurrence(string LesionId, int Day);
