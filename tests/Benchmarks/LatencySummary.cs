namespace CalcinosisRegistry.Benchmarks;

/// <summary>Latency percentiles (nearest rank) of one measured phase, in milliseconds.</summary>
public sealed record LatencySummary(int Count, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public double P95 { get; init; } = double.NaN;

    public static LatencySummary FromMilliseconds(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double Percentile(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(sorted.Length, sorted.Average(), Percentile(0.50), Percentile(0.90), Percentile(0.99), Percentile(0.999), sorted[^1])
        {
            P95 = Percentile(0.95),
        };
    }
}
