namespace CalcinosisRegistry.Benchmarks;

/// <summary>The statistics reads of one security run as one caller (and so one view: exact or suppressed).</summary>
public sealed record SecurityReadResult(string Caller, LoadResult Reads);
