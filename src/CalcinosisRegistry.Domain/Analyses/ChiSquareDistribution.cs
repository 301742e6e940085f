namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>
/// The upper tail of the chi-square distribution, P(X ≥ x) = Q(df/2, x/2), through the regularised incomplete
/// gamma function: its power series below a + 1 and its continued fraction (modified Lentz) above, both to
/// about 1e-15 relative accuracy, with ln Γ from the Lanczos approximation (g = 7, nine terms).
/// </summary>
public static class ChiSquareDistribution
{
    private const double Epsilon = 1e-15;
    private const int MaxIterations = 10_000;
    private const double Tiny = 1e-300;

    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    public static double UpperTail(double chiSquare, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        return chiSquare <= 0 ? 1 : RegularizedUpperGamma(degreesOfFreedom / 2.0, chiSquare / 2);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a) for a &gt; 0, x ≥ 0.</summary>
    public static double RegularizedUpperGamma(double a, double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        if (x == 0)
        {
            return 1;
        }

        return x < a + 1 ? 1 - LowerSeries(a, x) : UpperContinuedFraction(a, x);
    }

    /// <summary>ln Γ(z) for z &gt; 0 (reflection below one half).</summary>
    public static double LogGamma(double z)
    {
        if (z < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * z))) - LogGamma(1 - z);
        }

        z -= 1;
        var sum = LanczosCoefficients[0];
        for (var index = 1; index < LanczosCoefficients.Length; index++)
        {
            sum += LanczosCoefficients[index] / (z + index);
        }

        var t = z + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>P(a, x) by its series: e^−x x^a / Γ(a+1) · Σ x^n / ((a+1)…(a+n)).</summary>
    private static double LowerSeries(double a, double x)
    {
        var term = 1 / a;
        var sum = term;
        for (var n = 1; n < MaxIterations; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
            {
                break;
            }
        }

        return sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
    }

    /// <summary>Q(a, x) by the continued fraction of Γ(a, x), evaluated with the modified Lentz method.</summary>
    private static double UpperContinuedFraction(double a, double x)
    {
        var b = x + 1 - a;
        var c = 1 / Tiny;
        var d = 1 / b;
        var h = d;
        for (var n = 1; n < MaxIterations; n++)
        {
            var an = -n * (n - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < Tiny)
            {
                d = Tiny;
            }

            c = b + an / c;
            if (Math.Abs(c) < Tiny)
            {
                c = Tiny;
            }

            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h;
    }
}
