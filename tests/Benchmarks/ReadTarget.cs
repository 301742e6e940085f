namespace CalcinosisRegistry.Benchmarks;

/// <summary>One statistics read that the reads scenario measures; <see cref="IsSummary"/> reads carry the latency floor.</summary>
public sealed record ReadTarget(string Label, string PathAndQuery, bool IsSummary);
