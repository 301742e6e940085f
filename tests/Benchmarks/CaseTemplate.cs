using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>A serialised valid case whose case id is a placeholder of fixed width at <see cref="IdOffset"/>.</summary>
public sealed record CaseTemplate(byte[] Bytes, int IdOffset, CalcinosisType Type);
