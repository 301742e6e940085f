namespace CalcinosisRegistry.Benchmarks;

/// <summary>What a load phase achieved: successful requests per second and their latency; failures are counted apart.</summary>
public sealed record LoadResult(long Succeeded, long Failed, TimeSpan Elapsed, LatencySummary Latency, IReadOnlyList<string> FailureSamples, long ResponseBytes)
{
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;

    /// <summary>CPU time the server process(es) used during the phase, when they are separate processes.</summary>
    public TimeSpan? ServerCpu { get; init; }

    /// <summary>Server CPU milliseconds per successful request: far less sensitive to a busy machine than the rate.</summary>
    public double ServerCpuPerRequestMs => ServerCpu is { } cpu && Succeeded > 0 ? cpu.TotalMilliseconds / Succeeded : double.NaN;
}
