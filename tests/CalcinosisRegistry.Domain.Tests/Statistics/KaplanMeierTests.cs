using CalcinosisRegistry.Domain.Statistics;
using static CalcinosisRegistry.Domain.Tests.Statistics.TestCases;

namespace CalcinosisRegistry.Domain.Tests.Statistics;

/// <summary>
/// The recurrence-free curve, worked by hand: S(t) = Π (1 - d/n); Greenwood on the log scale:
/// se = sqrt(Σ d / (n (n - d))), limits S·exp(∓1.959964·se), upper capped at 1, no limits once S = 0.
/// The expected limits also agree with R's survfit(Surv(time, status) ~ 1) to 1e-8.
/// </summary>
public sealed class KaplanMeierTests
{
    private const double Tolerance = 1e-6;

    private static readonly string[] ReportDays = ["180", "365", "730"];

    private static RecurrenceStatistics RecurrenceOf(params (int Days, bool Recurred)[] observations) =>
        StatisticsSummarizer.Summarize(
                "dystrophic",
                TallyOf(observations.Select(observation => Responder(observation.Days, observation.Recurred)).ToArray()),
                includeCurve: true)
            .AllTreatments.Recurrence;

    private static void AssertStep(
        CurveStep step, int day, int atRisk, int events, int censored, double survival, double? lower, double? upper)
    {
        Assert.Equal((day, atRisk, events, censored), (step.Day, step.AtRisk, step.Events, step.Censored));
        Assert.Equal(survival, step.Survival, Tolerance);
        AssertNullableClose(lower, step.Lower);
        AssertNullableClose(upper, step.Upper);
    }

    private static void AssertNullableClose(double? expected, double? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
        }
        else
        {
            Assert.NotNull(actual);
            Assert.Equal(expected.Value, actual.Value, Tolerance);
        }
    }

    [Fact]
    public void Ties_time_zero_censoring_censoring_at_event_times_and_survival_reaching_zero()
    {
        // Times (+ = censored): 0+, 10, 10, 10+, 20+, 30, 40+, 50.
        var recurrence = RecurrenceOf((0, false), (10, true), (10, true), (10, false), (20, false), (30, true), (40, false), (50, true));
        var curve = recurrence.Curve!;

        Assert.Equal(6, curve.Count);
        // day 0: n = 8 (the time-0 censoring is at risk), d = 0 → S = 1, se = 0 → limits [1, 1]
        AssertStep(curve[0], 0, 8, 0, 1, 1.0, 1.0, 1.0);
        // day 10: n = 7 (the censoring at 10 is still at risk), d = 2 → S = 5/7 = 0.714286
        //   Σ = 2/(7·5) = 0.057143, se = 0.239046, exp(1.959964·se) = exp(0.468521) = 1.597630
        //   lower = 0.714286 / 1.597630 = 0.447091; upper = 0.714286 · 1.597630 = 1.141 → capped at 1
        AssertStep(curve[1], 10, 7, 2, 1, 5.0 / 7, 0.447091, 1.0);
        // day 20: n = 4, censoring only → survival and limits carried over
        AssertStep(curve[2], 20, 4, 0, 1, 5.0 / 7, 0.447091, 1.0);
        // day 30: n = 3, d = 1 → S = 5/7 · 2/3 = 10/21 = 0.476190
        //   Σ = 2/35 + 1/(3·2) = 47/210 = 0.223810, se = 0.473085, exp(1.959964·se) = exp(0.927230) = 2.527498
        //   lower = 0.476190 / 2.527498 = 0.188404; upper = 1.2036 → capped at 1
        AssertStep(curve[3], 30, 3, 1, 0, 10.0 / 21, 0.188404, 1.0);
        // day 40: n = 2, censoring only → carried over
        AssertStep(curve[4], 40, 2, 0, 1, 10.0 / 21, 0.188404, 1.0);
        // day 50: n = 1, d = 1 → S = 0 → no limits
        AssertStep(curve[5], 50, 1, 1, 0, 0.0, null, null);

        // First event time with S <= 0.5 is day 30 (S = 0.476); at day 10 S = 0.714.
        Assert.Equal(30, recurrence.MedianDays);
        // The last observed time is 50, so all report days lie beyond it.
        Assert.Equal([null, null, null], ReportDays.Select(key => recurrence.SurvivalAt[key]));
        Assert.Equal((8, 4), (recurrence.Responders, recurrence.Recurrences));
    }

    [Fact]
    public void Upper_limit_below_one_is_not_capped()
    {
        // Events at 10, 20, 30, 40; six censored at 50. n = 10, 9, 8, 7.
        // day 10: S = 0.9, Σ = 1/90, se = 0.105409, exp(1.959964·se) = 1.229489 → [0.732012, 1.1065 → 1]
        // day 40: S = 0.6, Σ = 1/90 + 1/72 + 1/56 + 1/42 = (1/9 - 1/10) + (1/8 - 1/9) + (1/7 - 1/8) + (1/6 - 1/7)
        //         = 1/6 - 1/10 = 1/15, se = 0.258199, exp(1.959964·se) = exp(0.506061) = 1.658744
        //         → lower = 0.6 / 1.658744 = 0.361720, upper = 0.6 · 1.658744 = 0.995246 (below 1, kept)
        var recurrence = RecurrenceOf(
            (10, true), (20, true), (30, true), (40, true), (50, false), (50, false), (50, false), (50, false), (50, false), (50, false));
        var curve = recurrence.Curve!;

        Assert.Equal(5, curve.Count);
        AssertStep(curve[0], 10, 10, 1, 0, 0.9, 0.732012, 1.0);
        AssertStep(curve[3], 40, 7, 1, 0, 0.6, 0.361720, 0.995246);
        AssertStep(curve[4], 50, 6, 0, 6, 0.6, 0.361720, 0.995246);
        Assert.Null(recurrence.MedianDays);
        // Crude proportion 4/10 with its Wilson interval.
        Assert.Equal(Proportion.Wilson(4, 10), recurrence.Proportion);
    }

    [Fact]
    public void Survival_at_report_days_is_the_last_step_at_or_before_the_day()
    {
        // Times: 100, 180+, 365, 500+, 800+.
        // S: day 100 → 4/5 = 0.8; day 180 censoring → 0.8; day 365 → 0.8 · 2/3 = 0.533333; then flat to day 800.
        // At 180 the step at 180 itself counts: 0.8. At 365 likewise: 0.533333. At 730 the last step at or before
        // is day 500: 0.533333 (730 is within the last observed time, 800).
        var recurrence = RecurrenceOf((100, true), (180, false), (365, true), (500, false), (800, false));

        Assert.Equal(0.8, recurrence.SurvivalAt["180"]!.Value, Tolerance);
        Assert.Equal(0.533333, recurrence.SurvivalAt["365"]!.Value, Tolerance);
        Assert.Equal(0.533333, recurrence.SurvivalAt["730"]!.Value, Tolerance);
        // Never at or below one half.
        Assert.Null(recurrence.MedianDays);
        // day 365: Σ = 1/(5·4) + 1/(3·2) = 0.216667, se = 0.465475, exp(1.959964·se) = 2.490077
        //   → lower = 0.533333 / 2.490077 = 0.214183, upper 1.328 → 1
        AssertStep(recurrence.Curve![2], 365, 3, 1, 0, 0.533333, 0.214183, 1.0);
    }

    [Fact]
    public void Survival_before_the_first_step_is_one_and_null_after_the_last_time()
    {
        // Times: 200, 400+. Day 180 precedes the first step: 1. Day 365: S(200) = 1 - 1/2 = 0.5. Day 730 > 400: null.
        // The median is the first event time with S <= 0.5: day 200 (S exactly 0.5).
        var recurrence = RecurrenceOf((200, true), (400, false));

        Assert.Equal(1.0, recurrence.SurvivalAt["180"]);
        Assert.Equal(0.5, recurrence.SurvivalAt["365"]);
        Assert.Null(recurrence.SurvivalAt["730"]);
        Assert.Equal(200, recurrence.MedianDays);
    }

    [Fact]
    public void Median_is_found_when_survival_is_exactly_one_half()
    {
        // Times: 10, 20, 30+, 40+. S(10) = 3/4, S(20) = 3/4 · (1 - 1/3) = 1/2. First event time with S <= 0.5: day 20.
        // (R's quantile() would average to 30 on a flat stretch at exactly 0.5; the contract says "first event time".)
        var recurrence = RecurrenceOf((10, true), (20, true), (30, false), (40, false));

        Assert.Equal(20, recurrence.MedianDays);
    }

    [Fact]
    public void Median_is_found_when_rounding_leaves_survival_a_hair_above_one_half()
    {
        // 24 responders, one event on each of days 1..12 (n = 24, 23, ..., 13), twelve censored at day 100.
        // S(12) = 23/24 · 22/23 · ... · 12/13 = 12/24 = 1/2 exactly, but the floating-point product is 0.5000000000000001.
        var observations = Enumerable.Range(1, 12).Select(day => (day, true))
            .Concat(Enumerable.Repeat((100, false), 12))
            .ToArray();

        var recurrence = RecurrenceOf(observations);

        Assert.Equal(12, recurrence.MedianDays);
    }

    [Fact]
    public void A_censoring_only_first_step_has_survival_one_and_limits_one()
    {
        // Times: 5+, 10. day 5: n = 2, S = 1, se = 0 → [1, 1]. day 10: n = 1, d = 1 → S = 0, no limits.
        var curve = RecurrenceOf((5, false), (10, true)).Curve!;

        AssertStep(curve[0], 5, 2, 0, 1, 1.0, 1.0, 1.0);
        AssertStep(curve[1], 10, 1, 1, 0, 0.0, null, null);
    }

    [Fact]
    public void No_responders_give_an_empty_curve_and_null_survival_median_and_proportion()
    {
        var recurrence = StatisticsSummarizer
            .Summarize("dystrophic", TallyOf(NonResponder(Cases.Response.None)), includeCurve: true)
            .AllTreatments.Recurrence;

        Assert.Equal((0, 0), (recurrence.Responders, recurrence.Recurrences));
        Assert.Empty(recurrence.Curve!);
        Assert.Equal([null, null, null], ReportDays.Select(key => recurrence.SurvivalAt[key]));
        Assert.Null(recurrence.MedianDays);
        Assert.Equal(new Proportion(null, null, null), recurrence.Proportion);
    }
}
