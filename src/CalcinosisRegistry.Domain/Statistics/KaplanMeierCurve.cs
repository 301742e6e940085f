using System.Collections.Immutable;

namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>
/// The Kaplan–Meier recurrence-free curve with the 95% interval of R's <c>survival::survfit</c> default
/// (<c>conf.type = "log"</c>, Greenwood variance), computed from the events and censorings per time.
/// </summary>
public static class KaplanMeierCurve
{
    /// <summary>
    /// Survival that equals 0.5 in exact arithmetic (e.g. 3/4 × 2/3) may come out a hair above it in floating point;
    /// this slack keeps such a curve's median where the definition puts it.
    /// </summary>
    private const double MedianTolerance = 1e-9;

    public static IReadOnlyList<CurveStep> Steps(ImmutableSortedDictionary<int, TimeCounts> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        return Steps([.. times.Select(time => new DayCounts(time.Key, time.Value.Events, time.Value.Censored))]);
    }

    /// <summary>The curve of a follow-up sorted by day with one entry per day (see <see cref="FollowUp"/>).</summary>
    public static IReadOnlyList<CurveStep> Steps(IReadOnlyList<DayCounts> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        var atRisk = 0;
        foreach (var time in times)
        {
            atRisk += time.Events + time.Censored;
        }

        var counted = new CountedStep[times.Count];
        for (var index = 0; index < counted.Length; index++)
        {
            var (day, events, censored) = times[index];
            counted[index] = new CountedStep(day, atRisk, events, censored);
            atRisk -= events + censored;
        }

        return FromCounts(counted);
    }

    /// <summary>
    /// Survival and its interval for steps whose at-risk, event and censored counts are given as they are (the
    /// rounded curve of disclosure control publishes counts that need not follow from one another).
    /// </summary>
    public static IReadOnlyList<CurveStep> FromCounts(IReadOnlyList<CountedStep> counted)
    {
        var survival = 1.0;
        var greenwoodSum = 0.0;
        var steps = new List<CurveStep>(counted.Count);
        foreach (var (day, atRisk, events, censored) in counted)
        {
            // Censored subjects at a tied time are still at risk for that time's events (survfit's convention).
            if (events > 0)
            {
                survival *= 1 - (double)events / atRisk;
                if (events < atRisk)
                {
                    greenwoodSum += (double)events / ((double)atRisk * (atRisk - events));
                }
            }

            // A censoring-only step carries survival and variance over, so its limits repeat the previous ones.
            double? lower = null;
            double? upper = null;
            if (survival > 0)
            {
                var standardErrorOfLog = Math.Sqrt(greenwoodSum);
                lower = survival * Math.Exp(-Proportion.Z95 * standardErrorOfLog);
                upper = Math.Min(1, survival * Math.Exp(Proportion.Z95 * standardErrorOfLog));
            }

            steps.Add(new CurveStep(day, atRisk, events, censored, survival, lower, upper));
        }

        return steps;
    }

    /// <summary>The curve's value at <paramref name="day"/>; null past the last observed time, 1 before the first step.</summary>
    public static double? SurvivalAt(IReadOnlyList<CurveStep> steps, int day)
    {
        if (steps.Count == 0 || day > steps[^1].Day)
        {
            return null;
        }

        var survival = 1.0;
        foreach (var step in steps)
        {
            if (step.Day > day)
            {
                break;
            }

            survival = step.Survival;
        }

        return survival;
    }

    /// <summary>The first event time at which survival is at or below one half; null if the curve never gets there.</summary>
    public static int? MedianDays(IReadOnlyList<CurveStep> steps) =>
        steps.FirstOrDefault(step => step.Events > 0 && step.Survival <= 0.5 + MedianTolerance)?.Day;
}
