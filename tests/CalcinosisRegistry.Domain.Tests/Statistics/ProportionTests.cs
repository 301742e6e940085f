using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Domain.Tests.Statistics;

public sealed class ProportionTests
{
    // Wilson score interval: centre = (p + z²/2n) / (1 + z²/n), half = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n),
    // with z = 1.959964, z² = 3.841459.

    [Fact]
    public void Twenty_seven_of_twenty_eight()
    {
        // p = 0.964286; z²/n = 0.137195; denominator = 1.137195
        // centre = (0.964286 + 0.068598) / 1.137195 = 0.908273
        // half = 1.959964 · sqrt(0.00122996 + 0.00122497) / 1.137195 = 1.959964 · 0.0495473 / 1.137195 = 0.085395
        // → [0.822878, 0.993667] (R: prop.test(27, 28, correct = FALSE) gives 0.822878, 0.993667)
        var proportion = Proportion.Wilson(27, 28);

        Assert.Equal(27.0 / 28, proportion.Estimate!.Value, 12);
        Assert.Equal(0.822878, proportion.Lower!.Value, 1e-5);
        Assert.Equal(0.993667, proportion.Upper!.Value, 1e-5);
    }

    [Fact]
    public void One_of_two_is_symmetric_around_one_half()
    {
        // p = 0.5; z²/n = 1.920729; denominator = 2.920729; centre = (0.5 + 0.960365) / 2.920729 = 0.5
        // half = 1.959964 · sqrt(0.125 + 0.480182) / 2.920729 = 1.959964 · 0.777935 / 2.920729 = 0.405469
        var proportion = Proportion.Wilson(1, 2);

        Assert.Equal(0.5, proportion.Estimate!.Value, 12);
        Assert.Equal(0.094531, proportion.Lower!.Value, 1e-5);
        Assert.Equal(0.905469, proportion.Upper!.Value, 1e-5);
    }

    [Fact]
    public void None_of_five_has_lower_limit_exactly_zero()
    {
        // p = 0: centre = half = (z²/2n) / (1 + z²/n) = 0.384146 / 1.768292 = 0.217241 → [0, 0.434482]
        var proportion = Proportion.Wilson(0, 5);

        Assert.Equal(0.0, proportion.Estimate);
        Assert.Equal(0.0, proportion.Lower);
        Assert.Equal(0.434482, proportion.Upper!.Value, 1e-5);
    }

    [Fact]
    public void All_of_five_has_upper_limit_exactly_one()
    {
        // Mirror image of 0/5: [1 - 0.434482, 1] = [0.565518, 1]
        var proportion = Proportion.Wilson(5, 5);

        Assert.Equal(1.0, proportion.Estimate);
        Assert.Equal(0.565518, proportion.Lower!.Value, 1e-5);
        Assert.Equal(1.0, proportion.Upper);
    }

    [Fact]
    public void Zero_trials_give_all_nulls()
    {
        Assert.Equal(new Proportion(null, null, null), Proportion.Wilson(0, 0));
    }

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(6, 5)]
    public void Impossible_counts_are_refused(int successes, int trials)
    {
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => Proportion.Wilson(successes, trials));
    }
}
