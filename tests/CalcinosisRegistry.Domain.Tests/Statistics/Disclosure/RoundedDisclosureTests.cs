using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;

namespace CalcinosisRegistry.Domain.Tests.Statistics.Disclosure;

/// <summary>Midpoint rounding (spec section 1), worked by hand.</summary>
public sealed class RoundedDisclosureTests
{
    private const int M = 6;

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 3)]
    [InlineData(5, 3)]
    [InlineData(6, 3)]
    [InlineData(7, 9)]
    [InlineData(12, 9)]
    [InlineData(13, 15)]
    [InlineData(18, 15)]
    [InlineData(400, 399)]
    public void CountsRoundToTheMidpointOfTheirBandOfSix(int exact, int published) =>
        Assert.Equal(published, RoundedDisclosure.Count(exact, M));

    [Theory]
    [InlineData(1, 5)]
    [InlineData(10, 5)]
    [InlineData(11, 15)]
    public void OtherBasesFollowTheSameRule(int exact, int published) =>
        Assert.Equal(published, RoundedDisclosure.Count(exact, 10));

    /// <summary>
    /// The property of the issue: a published count never gives the exact one back, because every exact count of a
    /// band of m publishes the same value, and neighbouring bands publish different ones.
    /// </summary>
    [Theory]
    [InlineData(6)]
    [InlineData(5)]
    [InlineData(10)]
    public void EveryExactCountOfABandPublishesTheSameValue(int m)
    {
        for (var exact = 1; exact <= 5000; exact++)
        {
            var bandStart = (exact - 1) / m * m + 1;
            var candidates = Enumerable.Range(bandStart, m).ToArray();
            Assert.All(candidates, candidate => Assert.Equal(RoundedDisclosure.Count(exact, m), RoundedDisclosure.Count(candidate, m)));
            Assert.NotEqual(RoundedDisclosure.Count(exact, m), RoundedDisclosure.Count(bandStart - 1, m));
            Assert.NotEqual(RoundedDisclosure.Count(exact, m), RoundedDisclosure.Count(bandStart + m, m));
            Assert.InRange(RoundedDisclosure.Count(exact, m) - exact, -m / 2, m - 1 - m / 2);
        }
    }

    /// <summary>
    /// A researcher plants one case and watches a published count before and after. The count changes only when the
    /// exact value sat at its band's upper edge (a multiple of m): then, and only then, the plant reveals it. Otherwise
    /// it stays one of the m − 1 values of the band that are not at the edge. This is the residual risk of rounding.
    /// </summary>
    [Fact]
    public void APlantedCaseRevealsAtMostThatACountSatAtItsBandsEdge()
    {
        for (var exact = 0; exact <= 600; exact++)
        {
            var before = RoundedDisclosure.Count(exact, M);
            var after = RoundedDisclosure.Count(exact + 1, M);
            var consistent = Enumerable.Range(0, 700)
                .Where(candidate => RoundedDisclosure.Count(candidate, M) == before && RoundedDisclosure.Count(candidate + 1, M) == after)
                .ToArray();
            if (exact % M == 0)
            {
                Assert.Equal([exact], consistent);
            }
            else
            {
                Assert.Equal(M - 1, consistent.Length);
                Assert.Contains(exact, consistent);
            }
        }
    }

    [Fact]
    public void RatesAreWilsonIntervalsOfThePublishedCounts()
    {
        // 2 of 7 publish as 3 of 9: estimate 1/3, Wilson limits worked independently (Python, z = 1.959964).
        var rate = RoundedDisclosure.Rate(2, 7, M);

        Assert.Equal(1.0 / 3, rate.Estimate!.Value, 12);
        Assert.Equal(0.12058381743407343, rate.Lower!.Value, 12);
        Assert.Equal(0.6457978664749412, rate.Upper!.Value, 12);
        Assert.Null(RoundedDisclosure.Rate(0, 0, M).Estimate);
    }

    /// <summary>
    /// 14 responders: day 10 one event, 20 two censored, 30 one event, 40 three censored, 50 two events and one
    /// censored, 60 one event and three censored. Cumulative events 1,1,2,2,4,5 round to 3 throughout; censorings
    /// 0,2,2,5,6,9 to 0,3,3,3,3,9; N = 14 to 15. Steps: day 10 (at risk 15, 3 events), day 20 (12, 3 censored),
    /// day 60 (15 − 3 − 3 = 9, 6 censored); days 30–50 change no rounded total and are dropped.
    /// </summary>
    [Fact]
    public void TheRoundedCurveIsRebuiltFromRoundedCumulativeCounts()
    {
        var curve = RoundedDisclosure.Curve(Exact((10, 1, 0), (20, 0, 2), (30, 1, 0), (40, 0, 3), (50, 2, 1), (60, 1, 3)), M);

        Assert.Equal([(10, 15, 3, 0), (20, 12, 0, 3), (60, 9, 0, 6)], curve.Select(s => (s.Day, s.AtRisk, s.Events, s.Censored)));
        Assert.All(curve, step => Assert.Equal(0.8, step.Survival, 12));
        // Greenwood on the log scale: var = 3 / (15 · 12); lower = 0.8 · exp(−1.959964 · √var) (worked in Python).
        Assert.Equal(0.6211555062930811, curve[0].Lower!.Value, 12);
        Assert.Equal(1.0, curve[0].Upper);
    }

    /// <summary>
    /// 9 responders: day 5 two events, 9 one censored, 12 one event and one censored, 15 three events, 25 one event.
    /// Rounded: N̂ = 9, events 3 at day 5 (at risk 9), censored 3 at day 9 (at risk 6); day 25 would publish 6 events
    /// with 9 − 3 − 3 = 3 at risk, fewer than m, so the curve stops before it. Survival at 180 days is past the last
    /// published step, so null, and survival never reaches one half, so no median.
    /// </summary>
    [Fact]
    public void TheRoundedCurveStopsBeforeTheFirstStepWithFewerThanMAtRisk()
    {
        var exact = Exact((5, 2, 0), (9, 0, 1), (12, 1, 1), (15, 3, 0), (25, 1, 0));
        var curve = RoundedDisclosure.Curve(exact, M);

        Assert.Equal([(5, 9, 3, 0), (9, 6, 0, 3)], curve.Select(s => (s.Day, s.AtRisk, s.Events, s.Censored)));
        Assert.Equal(2.0 / 3, curve[1].Survival, 12);
        Assert.Equal(0.42002835704838837, curve[0].Lower!.Value, 12);

        var recurrence = RoundedDisclosure.Recurrence(Recurrence(exact, responders: 9, recurrences: 7), M, includeCurve: true);
        Assert.Null(recurrence.SurvivalAt["180"]);
        Assert.Null(recurrence.MedianDays);
        Assert.Equal(9, recurrence.Responders);
        Assert.Equal(9, recurrence.Recurrences);
    }

    /// <summary>
    /// 8 responders: day 1 one censored, day 2 seven events. Rounded: day 1 censors 3 of 9; day 2 would publish
    /// r(7) − 0 = 9 events of 9 − 0 − 3 = 6 at risk, so it publishes 6 events (all at risk) and survival 0, with no
    /// limits; the median is day 2.
    /// </summary>
    [Fact]
    public void EventsBeyondTheAtRiskCountAreCappedAtIt()
    {
        var curve = RoundedDisclosure.Curve(Exact((1, 0, 1), (2, 7, 0)), M);

        Assert.Equal([(1, 9, 0, 3), (2, 6, 6, 0)], curve.Select(s => (s.Day, s.AtRisk, s.Events, s.Censored)));
        Assert.Equal(0.0, curve[1].Survival);
        Assert.Null(curve[1].Lower);
        Assert.Equal(2, KaplanMeierCurve.MedianDays(curve));
    }

    [Fact]
    public void ATypeSaysItIsRoundedAndToWhat()
    {
        var exact = StatisticsSummarizer.Summarize("dystrophic", TestCases.TallyOf(TestCases.Responder(30, recurred: true)), includeCurve: true);

        var rounded = RoundedDisclosure.Type(exact, M, includeCurve: true);

        Assert.Equal(("rounded", (int?)M), (rounded.Disclosure, rounded.RoundTo));
        Assert.Equal(("exact", (int?)null), (exact.Disclosure, exact.RoundTo));
        Assert.Equal(3, rounded.Cases);
        Assert.NotNull(rounded.AllTreatments.Recurrence.Curve);
        Assert.Empty(rounded.AllTreatments.Recurrence.Curve!);
    }

    private static CurveStep[] Exact(params (int Day, int Events, int Censored)[] times) =>
        [.. times.Select(time => new CurveStep(time.Day, 0, time.Events, time.Censored, 0, null, null))];

    private static RecurrenceStatistics Recurrence(CurveStep[] curve, int responders, int recurrences) =>
        new(responders, recurrences, Proportion.Wilson(recurrences, responders), new Dictionary<string, double?>(), null, curve);
}
