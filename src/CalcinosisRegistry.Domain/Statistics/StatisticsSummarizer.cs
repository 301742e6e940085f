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

    public static TreatmentStatistics SummarizeClass(string wireName, ClassTally tally, bool includeCurve) =>
        new(
            wireName,
            tally.Cases,
            tally.Courses,
            tally.Assessed,
            tally.Complete,
            tally.Partial,
            tally.None,
            tally.Progression,
            Proportion.Wilson(tally.Complete + tally.Partial, tally.Assessed),
            Proportion.Wilson(tally.Complete, tally.Assessed),
            SummarizeRecurrence(tally, includeCurve));

    private static RecurrenceStatistics SummarizeRecurrence(ClassTally tally, bool includeCurve)
    {
        var steps = KaplanMeierCurve.Steps(tally.Times);
        var survivalAt = new Dictionary<string, double?>(SurvivalReportDays.Count);
        foreach (var day in SurvivalReportDays)
        {
            survivalAt.Add(day.ToString(System.Globalization.CultureInfo.InvariantCulture), KaplanMeierCurve.SurvivalAt(steps, day));
        }

        return new RecurrenceStatistics(
            tally.Responders,
            tally.Recurrences,
            Proportion.Wilson(tally.Recurrences, tally.Responders),
            survivalAt,
            KaplanMeierCurve.MedianDays(steps),
            includeCurve ? steps : null);
    }
}
