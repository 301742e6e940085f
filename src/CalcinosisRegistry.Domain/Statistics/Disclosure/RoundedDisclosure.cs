using System.Globalization;

namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// Disclosure control by midpoint rounding (spec analyses-and-disclosure.md section 1, OpenSAFELY's method):
/// every published count c becomes r(c) = 0 for c = 0, else m·⌈c/m⌉ − ⌊m/2⌋, so every exact count of a band
/// (1..m, m+1..2m, …) is published as the same value. Rates and intervals are computed from published counts only,
/// and the Kaplan–Meier curve is rebuilt from rounded cumulative events and censorings.
/// </summary>
public static class RoundedDisclosure
{
    /// <summary>The rounding base used when configuration does not set one.</summary>
    public const int DefaultRoundTo = 6;

    /// <summary>r(c) = 0 if c = 0, else m·⌈c/m⌉ − ⌊m/2⌋.</summary>
    public static int Count(int count, int roundTo)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(roundTo, 1);
        if (count == 0)
        {
            return 0;
        }

        var bands = (count + roundTo - 1) / roundTo;
        return bands * roundTo - roundTo / 2;
    }

    /// <summary>A Wilson proportion of published counts: r(a) over r(n), the numerator capped at the denominator.</summary>
    public static Proportion Rate(int successes, int trials, int roundTo)
    {
        var publishedTrials = Count(trials, roundTo);
        return Proportion.Wilson(Math.Min(Count(successes, roundTo), publishedTrials), publishedTrials);
    }

    /// <summary>
    /// The rounded curve from the exact per-time counts (a curve's steps: day, events, censored; at-risk is
    /// ignored): cumulative events and censorings are rounded, each step publishes their differences, and the curve
    /// stops before the first kept step with fewer than <paramref name="roundTo"/> at risk.
    /// </summary>
    public static IReadOnlyList<CurveStep> Curve(IReadOnlyList<CurveStep> exactSteps, int roundTo)
    {
        ArgumentNullException.ThrowIfNull(exactSteps);
        var total = exactSteps.Sum(step => step.Events + step.Censored);
        var publishedTotal = Count(total, roundTo);
        var (events, censored) = (0, 0);
        var (publishedEventsBefore, publishedCensoredBefore) = (0, 0);
        var counted = new List<CountedStep>();
        foreach (var step in exactSteps)
        {
            events += step.Events;
            censored += step.Censored;
            var publishedEvents = Count(events, roundTo);
            var publishedCensored = Count(censored, roundTo);
            var stepEvents = publishedEvents - publishedEventsBefore;
            var stepCensored = publishedCensored - publishedCensoredBefore;
            var atRisk = publishedTotal - publishedEventsBefore - publishedCensoredBefore;
            (publishedEventsBefore, publishedCensoredBefore) = (publishedEvents, publishedCensored);
            if (stepEvents + stepCensored == 0)
            {
                continue;
            }

            if (atRisk < roundTo)
            {
                break;
            }

            if (stepEvents > atRisk)
            {
                (stepEvents, stepCensored) = (atRisk, 0);
            }

            counted.Add(new CountedStep(step.Day, atRisk, stepEvents, stepCensored));
        }

        return KaplanMeierCurve.FromCounts(counted);
    }

    /// <summary>A type's statistics as a non-admin caller sees them; <paramref name="exact"/> must carry its curves.</summary>
    public static TypeStatistics Type(TypeStatistics exact, int roundTo, bool includeCurve)
    {
        ArgumentNullException.ThrowIfNull(exact);
        return new TypeStatistics(
            exact.CalcinosisType,
            Count(exact.CasesIncluded, roundTo),
            Count(exact.Cases, roundTo),
            Count(exact.Lesions, roundTo),
            Count(exact.Courses, roundTo),
            [.. exact.ByTreatment.Select(treatment => Treatment(treatment, roundTo, includeCurve))],
            Treatment(exact.AllTreatments, roundTo, includeCurve))
        {
            Disclosure = DisclosureNames.Rounded,
            RoundTo = roundTo,
        };
    }

    /// <summary>One class's (or group's) figures, rounded; <paramref name="exact"/> must carry its curve.</summary>
    public static TreatmentStatistics Treatment(TreatmentStatistics exact, int roundTo, bool includeCurve)
    {
        ArgumentNullException.ThrowIfNull(exact);
        var responders = exact.Complete + exact.Partial;
        return new TreatmentStatistics(
            exact.Class,
            Count(exact.Cases, roundTo),
            Count(exact.Courses, roundTo),
            Count(exact.Assessed, roundTo),
            Count(exact.Complete, roundTo),
            Count(exact.Partial, roundTo),
            Count(exact.None, roundTo),
            Count(exact.Progression, roundTo),
            Rate(responders, exact.Assessed, roundTo),
            Rate(exact.Complete, exact.Assessed, roundTo),
            Recurrence(exact.Recurrence, roundTo, includeCurve));
    }

    public static RecurrenceStatistics Recurrence(RecurrenceStatistics exact, int roundTo, bool includeCurve)
    {
        ArgumentNullException.ThrowIfNull(exact);
        var exactCurve = exact.Curve
            ?? throw new ArgumentException("Rounding needs the exact curve: summarise with curves.", nameof(exact));
        var curve = Curve(exactCurve, roundTo);
        var survivalAt = StatisticsSummarizer.SurvivalReportDays.ToDictionary(
            day => day.ToString(CultureInfo.InvariantCulture),
            day => KaplanMeierCurve.SurvivalAt(curve, day),
            StringComparer.Ordinal);
        return new RecurrenceStatistics(
            Count(exact.Responders, roundTo),
            Count(exact.Recurrences, roundTo),
            Rate(exact.Recurrences, exact.Responders, roundTo),
            survivalAt,
            KaplanMeierCurve.MedianDays(curve),
            includeCurve ? curve : null);
    }
}
