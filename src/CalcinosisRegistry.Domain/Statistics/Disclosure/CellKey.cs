namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// Names one count: <paramref name="Scope"/> is the index of the type in the published set (the "all types" scope
/// comes last); <paramref name="Class"/> is the treatment class wire name, "all" for allTreatments, or null for a
/// type-level count.
/// </summary>
internal readonly record struct CellKey(int Scope, string? Class, CountField Field);
