namespace CalcinosisRegistry.Benchmarks;

/// <summary>The concurrency and the phase lengths of each run of the security scenario.</summary>
public sealed record SecurityPhases(int Clients, int Readers, TimeSpan WriteWarmup, TimeSpan WriteDuration, TimeSpan ReadWarmup, TimeSpan ReadDuration);
