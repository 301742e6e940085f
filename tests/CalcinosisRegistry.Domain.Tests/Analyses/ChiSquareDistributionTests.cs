using CalcinosisRegistry.Domain.Analyses;

namespace CalcinosisRegistry.Domain.Tests.Analyses;

/// <summary>Upper-tail probabilities against published critical values and closed forms.</summary>
public sealed class ChiSquareDistributionTests
{
    [Theory]
    [InlineData(3.841458820694124, 1, 0.05)]
    [InlineData(6.634896601021214, 1, 0.01)]
    [InlineData(5.991464547107979, 2, 0.05)]
    [InlineData(7.814727903251178, 3, 0.05)]
    [InlineData(11.070497693516351, 5, 0.05)]
    [InlineData(23.209251158954356, 10, 0.01)]
    [InlineData(0.454936423119572, 1, 0.5)]
    [InlineData(29.587718, 10, 0.001)]
    public void CriticalValuesGiveTheirLevel(double chiSquare, int df, double p) =>
        Assert.Equal(p, ChiSquareDistribution.UpperTail(chiSquare, df), 6);

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(40.0)]
    public void TwoDegreesOfFreedomIsAnExponential(double chiSquare) =>
        Assert.Equal(Math.Exp(-chiSquare / 2), ChiSquareDistribution.UpperTail(chiSquare, 2), 12);

    [Fact]
    public void FarTailsKeepTheirRelativePrecision()
    {
        // erfc(5) = 1.5374597944280351e-12 (Python math.erfc): the df 1 tail at χ² = 50.
        var p = ChiSquareDistribution.UpperTail(50, 1);
        Assert.Equal(1.5374597944280351e-12, p, 1e-20);
        Assert.Equal(1, ChiSquareDistribution.UpperTail(0, 3));
    }

    [Fact]
    public void LogGammaMatchesFactorials()
    {
        Assert.Equal(Math.Log(120), ChiSquareDistribution.LogGamma(6), 12);
        Assert.Equal(0.5 * Math.Log(Math.PI), ChiSquareDistribution.LogGamma(0.5), 12);
    }
}
