namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>An estimated proportion with its 95% interval; every part is null when the denominator is zero.</summary>
public sealed record Proportion(double? Estimate, double? Lower, double? Upper)
{
    /// <summary>The normal quantile for a two-sided 95% interval, to the precision the contract fixes.</summary>
    public const double Z95 = 1.959964;

    public static Proportion Unavailable { get; } = new(null, null, null);

    /// <summary>Wilson score interval without continuity correction.</summary>
    public static Proportion Wilson(int successes, int trials)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0)
        {
            return Unavailable;
        }

        double n = trials;
        var estimate = successes / n;
        var zSquared = Z95 * Z95;
        var denominator = 1 + zSquared / n;
        var centre = (estimate + zSquared / (2 * n)) / denominator;
        var halfWidth = Z95 * Math.Sqrt(estimate * (1 - estimate) / n + zSquared / (4 * n * n)) / denominator;

        // At 0 or n successes one limit is exactly 0 or 1 in exact arithmetic; clamping removes rounding residue.
        return new Proportion(estimate, Math.Max(0, centre - halfWidth), Math.Min(1, centre + halfWidth));
    }
}
