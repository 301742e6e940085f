using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>
/// Everything one case contributes to the statistics (contract section 3), reduced so that a tally can add it and
/// later remove exactly the same amounts again without looking at the document.
/// </summary>
/// <remarks>
/// It also carries the case-level attributes that analysis filters use (sex, age at onset, diagnosis year,
/// underlying conditions), so that a statistics shard can answer a cohort analysis without reading any case document.
/// Entries stored before these existed read back with defaults until a statistics rebuild recomputes them.
/// </remarks>
public sealed record CaseContribution(CalcinosisType Type, int Lesions, IReadOnlyList<CourseOutcome> Courses)
{
    public Sex Sex { get; init; } = Sex.Unknown;

    public int AgeAtOnsetYears { get; init; }

    public int DiagnosisYear { get; init; }

    public IReadOnlyList<UnderlyingCondition> UnderlyingConditions { get; init; } = [];

    public static CaseContribution FromCase(CaseDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);

        var outcomes = document.Treatments
            .Select(course => OutcomeOf(course, document))
            .ToArray();
        return new CaseContribution(document.CalcinosisType, document.Lesions.Count, outcomes)
        {
            Sex = document.Sex,
            AgeAtOnsetYears = document.AgeAtOnsetYears,
            DiagnosisYear = document.DiagnosisYear,
            UnderlyingConditions = document.UnderlyingConditions,
        };
    }

    private static CourseOutcome OutcomeOf(TreatmentCourse course, CaseDocument document)
    {
        if (course.Assessments.Count == 0)
        {
            return new CourseOutcome(course.Class, BestResponse: null, Recurrence: null);
        }

        // Response is declared best-first, so the best response is the smallest value.
        var bestResponse = course.Assessments.Min(assessment => assessment.Response);
        if (!IsResponse(bestResponse))
        {
            return new CourseOutcome(course.Class, bestResponse, Recurrence: null);
        }

        // Assessments are not required to be in day order, so the first responding day is a minimum, not the first entry.
        var responseDay = course.Assessments
            .Where(assessment => IsResponse(assessment.Response))
            .Min(assessment => assessment.Day);
        var windowEnd = FollowUpWindowEnd(course, document);
        return new CourseOutcome(course.Class, bestResponse, RecurrenceWithin(course, document, responseDay, windowEnd));
    }

    private static bool IsResponse(Response response) => response is Response.Complete or Response.Partial;

    /// <summary>
    /// The window ends at the last follow-up, or earlier when a course with a strictly later start treats any of this
    /// course's lesions: from then on a recurrence could no longer be credited to this course.
    /// </summary>
    private static int FollowUpWindowEnd(TreatmentCourse course, CaseDocument document)
    {
        var windowEnd = document.LastFollowUpDay;
        foreach (var other in document.Treatments)
        {
            if (other.StartDay > course.StartDay
                && other.StartDay < windowEnd
                && other.LesionIds.Any(lesionId => course.LesionIds.Contains(lesionId, StringComparer.Ordinal)))
            {
                windowEnd = other.StartDay;
            }
        }

        return windowEnd;
    }

    private static RecurrenceObservation RecurrenceWithin(
        TreatmentCourse course, CaseDocument document, int responseDay, int windowEnd)
    {
        int? firstRecurrenceDay = null;
        foreach (var recurrence in document.Recurrences)
        {
            var insideWindow = recurrence.Day > responseDay && recurrence.Day <= windowEnd;
            if (insideWindow
                && course.LesionIds.Contains(recurrence.LesionId, StringComparer.Ordinal)
                && (firstRecurrenceDay is null || recurrence.Day < firstRecurrenceDay))
            {
                firstRecurrenceDay = recurrence.Day;
            }
        }

        return firstRecurrenceDay is { } day
            ? new RecurrenceObservation(day - responseDay, Recurred: true)
            : new RecurrenceObservation(Math.Max(0, windowEnd - responseDay), Recurred: false);
    }
}
