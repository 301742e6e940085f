namespace CalcinosisRegistry.Benchmarks;

/// <summary>One deployment's part of the cluster scenario: its measured write phase and its silos' CPU while idle.</summary>
public sealed record ClusterRun(LoadResult Load, double IdleCpuMsPerSecondPerSilo);
