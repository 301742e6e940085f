using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>A case to write: its address, its serialised document (case id at <see cref="IdOffset"/>) and its type.</summary>
public sealed record CaseWrite(Uri Uri, byte[] Body, int IdOffset, CalcinosisType Type);
