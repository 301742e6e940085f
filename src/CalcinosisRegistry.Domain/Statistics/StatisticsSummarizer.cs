using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>Turns a tally's sufficient statistics into the reported numbers of contract section 3.</summary>
public static class StatisticsSummarizer
{
    public const string AllWireName = "all";

    /// <summary>The days at which the recurrence-free survival is reported, in the order they are listed.</summary>
    public static IReadOnlyList<int> SurvivalReportDays { get; } = [180, 365, 730];

    public static TypeStatistics Summarize(string calcinosisType, StatisticsTally tally, bool includeCurve)
    {
        ArgumentNullException.ThrowIfNull(calcinosisType);
        ArgumentNullException.ThrowIfNull(tally);

        var byTreatment = Enum.GetValues<TreatmentClass>()
            .Where(treatmentClass => tally.ByClass.TryGetValue(treatmentClass, out var classTally) && classTally.Courses > 0)
            .Select(treatmentClass => SummarizeClass(CaseJson.ToWireName(treatmentClass), tally.ByClass[treatmentClass], includeCurve))
            .ToArray();

        return new TypeStatistics(
            calcinosisType,
            CasesIncluded: tally.Cases,
            tally.Cases,
            tally.Lesions,
            tally.Courses,
            byTreatment,
            SummarizeClass(AllWireName, tally.AllClasses, includeCurve));
    }

    public static TreatmentStatistics SummarizeClass(string wireName, ClassTally tally, bool includeCurve)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return SummarizeClass(wireName, tally.Counts, KaplanMeierCurve.Steps(tally.Times), includeCurve);
    }

    /// <summary>Contract section 3's figures from the counts and the exact Kaplan–Meier steps of one class or group.</summary>
    public static TreatmentStatistics SummarizeClass(string wireName, OutcomeCounts counts, IReadOnlyList<CurveStep> steps, bool includeCurve)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var survivalAt = new Dictionary<string, double?>(SurvivalReportDays.Count);
        foreach (var day in SurvivalReportDays)
        {
            survivalAt.Add(day.ToString(System.Globalization.CultureInfo.InvariantCulture), KaplanMeierCurve.SurvivalAt(steps, day));
        }

        return new(
            wireName,
            counts.Cases,
            counts.Courses,
            counts.Assessed,
            counts.Complete,
            counts.Partial,
            counts.None,
            counts.Progression,
            Proportion.Wilson(counts.Complete + counts.Partial, counts.Assessed),
            Proportion.Wilson(counts.Complete, counts.Assessed),
            new RecurrenceStatistics(
                counts.Responders,
                counts.Recurrences,
                Proportion.Wilson(counts.Recurrences, counts.Responders),
                survivalAt,
                KaplanMeierCurve.MedianDays(steps),
                includeCurve ? steps : null));
    }
}
