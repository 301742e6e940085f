namespace CalcinosisRegistry.Domain.Cases;

public sealed record LesionObservation(int Day, double? SizeMm, bool? Ulcerated, bool? Infected, int? PainScore);
