using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Domain.Tests.Statistics;

/// <summary>Small builders so that each test shows only the parts of a case that matter to it.</summary>
internal static class TestCases
{
    public static Assessment At(int day, Response response) => new(day, response);

    public static TreatmentCourse Course(
        string treatmentId, TreatmentClass treatmentClass, int startDay, string[] lesionIds, params Assessment[] assessments) =>
        new(treatmentId, treatmentClass, Agent: null, TreatmentRoute.Other, startDay, EndDay: null, lesionIds, assessments);

    public static Recurrence RecurrenceOf(string lesionId, int day) => new(lesionId, day);

    /// <summary>A case whose lesions are every lesion its courses and recurrences name, plus any extra ones.</summary>
    public static CaseDocument Case(
        TreatmentCourse[] courses,
        Recurrence[]? recurrences = null,
        int lastFollowUpDay = 1000,
        CalcinosisType type = CalcinosisType.Dystrophic,
        string[]? extraLesionIds = null)
    {
        recurrences ??= [];
        var lesionIds = courses.SelectMany(course => course.LesionIds)
            .Concat(recurrences.Select(recurrence => recurrence.LesionId))
            .Concat(extraLesionIds ?? [])
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var lesions = lesionIds
            .Select(id => new Lesion(id, BodySite.Finger, Laterality.Left, Morphology.Nodule, FirstSeenDay: 0, Observations: []))
            .ToArray();
        return new CaseDocument(
            "CASE-1", Sex.Female, AgeAtOnsetYears: 40, DiagnosisYear: 2020, type,
            UnderlyingConditions: [], Labs: [], DiagnosticMethods: [], lesions, courses, recurrences, lastFollowUpDay);
    }

    /// <summary>A one-course case contribution of a responder with the given recurrence-free time.</summary>
    public static CaseContribution Responder(int days, bool recurred, TreatmentClass treatmentClass = TreatmentClass.Surgery) =>
        new(CalcinosisType.Dystrophic, Lesions: 1,
            [new CourseOutcome(treatmentClass, Response.Complete, new RecurrenceObservation(days, recurred))]);

    public static CaseContribution NonResponder(Response? bestResponse, TreatmentClass treatmentClass = TreatmentClass.Surgery) =>
        new(CalcinosisType.Dystrophic, Lesions: 1, [new CourseOutcome(treatmentClass, bestResponse, Recurrence: null)]);

    public static StatisticsTally TallyOf(params CaseContribution[] contributions)
    {
        var tally = new StatisticsTally();
        foreach (var contribution in contributions)
        {
            tally.Add(contribution);
        }

        return tally;
    }
}
