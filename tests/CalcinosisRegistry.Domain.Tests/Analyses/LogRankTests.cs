using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Domain.Tests.Analyses;

/// <summary>
/// The k-sample log-rank test worked by hand (survdiff's definitions: expected n_g·d/n at each event time, variance
/// d(n−d)/(n−1)·(n_g/n)(δ − n_h/n)). The p-values come from Python's math.erfc (df 1: p = erfc(√(χ²/2))) and the
/// closed form for df 2 (p = exp(−χ²/2)), not from the code under test.
/// </summary>
public sealed class LogRankTests
{
    /// <summary>
    /// A: event 1, event 3, censored 5. B: event 2, censored 4, event 6.
    /// t1: 3+3 at risk, A expects 3/6, variance 1·5/5·½·½ = 0.25. t2: 2+3, A expects 2/5, variance 0.24.
    /// t3: 2+2, A expects ½, variance 0.25. t6: only B (1) at risk, A expects 0, no variance (n = 1).
    /// O_A = 2, E_A = 1.4, V = 0.74: χ² = 0.6²/0.74.
    /// </summary>
    [Fact]
    public void TwoGroups()
    {
        var test = LogRank.Test([Times((1, 1, 0), (3, 1, 0), (5, 0, 1)), Times((2, 1, 0), (4, 0, 1), (6, 1, 0))])!;

        Assert.Equal(0.36 / 0.74, test.ChiSquare, 12);
        Assert.Equal(1, test.Df);
        Assert.Equal(2, test.Groups);
        Assert.Equal(0.48549880264428236, test.PValue, 10);
        Assert.Equal([2, 2], test.Observed);
        Assert.Equal(1.4, test.Expected![0], 12);
        Assert.Equal(2.6, test.Expected[1], 12);
    }

    /// <summary>
    /// A: event 1, censored 4. B: events 2 and 3. C: event 5, censored 6. Expected: A 1/3 + 1/5 + 1/4,
    /// B 1/3 + 2/5 + 1/4, C 1/3 + 2/5 + 1/2 + 1 (t5: C alone, 2 at risk). Variances summed over t1 (n 2,2,2),
    /// t2 (1,2,2), t3 (1,1,2); t5 adds nothing (C alone). χ² from the 2×2 inverse over A and B.
    /// </summary>
    [Fact]
    public void ThreeGroups()
    {
        var test = LogRank.Test([Times((1, 1, 0), (4, 0, 1)), Times((2, 1, 0), (3, 1, 0)), Times((5, 1, 0), (6, 0, 1))])!;

        double expectedA = 1.0 / 3 + 1.0 / 5 + 1.0 / 4, expectedB = 1.0 / 3 + 2.0 / 5 + 1.0 / 4;
        double vAA = 2.0 / 9 + 0.16 + 0.1875, vBB = 2.0 / 9 + 0.24 + 0.1875, vAB = -1.0 / 9 - 0.08 - 0.0625;
        double xA = 1 - expectedA, xB = 2 - expectedB;
        var chiSquare = (vBB * xA * xA - 2 * vAB * xA * xB + vAA * xB * xB) / (vAA * vBB - vAB * vAB);

        Assert.Equal(2, test.Df);
        Assert.Equal(chiSquare, test.ChiSquare, 10);
        Assert.Equal(2.390451394144894, test.ChiSquare, 10);
        Assert.Equal(Math.Exp(-chiSquare / 2), test.PValue, 10);
        Assert.Equal([1, 2, 1], test.Observed);
        Assert.Equal(expectedA, test.Expected![0], 12);
        Assert.Equal(expectedB, test.Expected[1], 12);
        Assert.Equal(1.0 / 3 + 2.0 / 5 + 1.0 / 2 + 1, test.Expected[2], 12);
    }

    /// <summary>
    /// A: two events at day 2, censored 4. B: event 2, events 3 and 5. t2: 3+3 at risk, 3 events (tied across the
    /// groups): A expects 1.5, variance 3·3/5·½·½ = 0.45. t3: 1+2 at risk: A expects 1/3, variance 2/9.
    /// O_A − E_A = 2 − 11/6.
    /// </summary>
    [Fact]
    public void TiesAcrossGroups()
    {
        var test = LogRank.Test([Times((2, 2, 0), (4, 0, 1)), Times((2, 1, 0), (3, 1, 0), (5, 1, 0))])!;

        Assert.Equal(1.0 / 36 / (0.45 + 2.0 / 9), test.ChiSquare, 12);
        Assert.Equal(0.8389170410802199, test.PValue, 10);
        Assert.Equal(11.0 / 6, test.Expected![0], 12);
    }

    /// <summary>A: events 1 and 2. B: censored 3 and 4, no event. χ² = (7/6)² / (1/4 + 2/9) = 49/17.</summary>
    [Fact]
    public void AGroupWithNoEvents()
    {
        var test = LogRank.Test([Times((1, 1, 0), (2, 1, 0)), Times((3, 0, 1), (4, 0, 1))])!;

        Assert.Equal(49.0 / 17, test.ChiSquare, 12);
        Assert.Equal(0.08955507441364256, test.PValue, 10);
        Assert.Equal([2, 0], test.Observed);
    }

    [Fact]
    public void ASingleGroupHasNoTest() => Assert.Null(LogRank.Test([Times((1, 1, 0), (2, 0, 1))]));

    [Fact]
    public void NoEventAtAllHasNoTest() => Assert.Null(LogRank.Test([Times((1, 0, 1)), Times((2, 0, 1))]));

    [Fact]
    public void IdenticalGroupsGiveZero()
    {
        var test = LogRank.Test([Times((1, 1, 0), (2, 0, 1)), Times((1, 1, 0), (2, 0, 1))])!;

        Assert.Equal(0, test.ChiSquare, 12);
        Assert.Equal(1, test.PValue, 12);
    }

    private static DayCounts[] Times(params (int Day, int Events, int Censored)[] times) =>
        [.. times.Select(time => new DayCounts(time.Day, time.Events, time.Censored))];
}
