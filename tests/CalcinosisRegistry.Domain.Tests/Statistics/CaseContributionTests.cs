using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using static CalcinosisRegistry.Domain.Tests.Statistics.TestCases;

namespace CalcinosisRegistry.Domain.Tests.Statistics;

public sealed class CaseContributionTests
{
    private const TreatmentClass Ccb = TreatmentClass.CalciumChannelBlocker;

    private static CourseOutcome OnlyOutcome(CaseDocument document) => Assert.Single(CaseContribution.FromCase(document).Courses);

    [Fact]
    public void Carries_type_lesion_count_and_one_outcome_per_course_in_document_order()
    {
        var document = Case(
            [
                Course("T1", TreatmentClass.Surgery, 0, ["L1"]),
                Course("T2", Ccb, 10, ["L2"]),
            ],
            type: CalcinosisType.Metastatic,
            extraLesionIds: ["L3"]);

        var contribution = CaseContribution.FromCase(document);

        Assert.Equal(CalcinosisType.Metastatic, contribution.Type);
        Assert.Equal(3, contribution.Lesions);
        Assert.Equal([TreatmentClass.Surgery, Ccb], contribution.Courses.Select(course => course.Class));
    }

    [Fact]
    public void Course_without_assessments_is_not_assessed_and_has_no_recurrence()
    {
        var outcome = OnlyOutcome(Case([Course("T1", Ccb, 0, ["L1"])], [RecurrenceOf("L1", 50)]));

        Assert.Equal(new CourseOutcome(Ccb, BestResponse: null, Recurrence: null), outcome);
    }

    [Fact]
    public void Best_response_is_the_best_of_unordered_assessments_and_response_day_is_the_first_responding_day()
    {
        // Assessments: 150 complete, 90 partial, 60 none, 120 partial. Best = complete; first complete/partial day = 90.
        // No recurrence, follow-up to 400: censored at 400 - 90 = 310.
        var outcome = OnlyOutcome(Case(
            [Course("T1", Ccb, 0, ["L1"],
                At(150, Response.Complete), At(90, Response.Partial), At(60, Response.None), At(120, Response.Partial))],
            lastFollowUpDay: 400));

        Assert.Equal(Response.Complete, outcome.BestResponse);
        Assert.Equal(new RecurrenceObservation(310, Recurred: false), outcome.Recurrence);
    }

    [Theory]
    [InlineData(Response.None, Response.Progression, Response.None)]
    [InlineData(Response.Progression, Response.Progression, Response.Progression)]
    public void Non_responders_get_their_best_response_and_no_recurrence(Response first, Response second, Response expected)
    {
        var outcome = OnlyOutcome(Case([Course("T1", Ccb, 0, ["L1"], At(30, first), At(60, second))], [RecurrenceOf("L1", 90)]));

        Assert.Equal(expected, outcome.BestResponse);
        Assert.Null(outcome.Recurrence);
    }

    [Fact]
    public void Earliest_recurrence_on_the_course_lesions_inside_the_window_is_the_event()
    {
        // Response day 100. Recurrences: L1@100 (at the response day: outside), L1@40 (before: outside),
        // L9@150 (another lesion), L2@300 and L1@250 (inside). Earliest inside = 250 → time 250 - 100 = 150.
        var outcome = OnlyOutcome(Case(
            [Course("T1", Ccb, 0, ["L1", "L2"], At(100, Response.Partial))],
            [RecurrenceOf("L1", 100), RecurrenceOf("L1", 40), RecurrenceOf("L9", 150), RecurrenceOf("L2", 300), RecurrenceOf("L1", 250)],
            lastFollowUpDay: 1000));

        Assert.Equal(new RecurrenceObservation(150, Recurred: true), outcome.Recurrence);
    }

    [Fact]
    public void Next_course_on_the_same_lesion_ends_the_window_and_later_recurrences_are_ignored()
    {
        // T1 responds on day 50; T2 starts on L1 on day 200 → window (50, 200]. Recurrence on day 300 is after it:
        // censored at 200 - 50 = 150.
        var contribution = CaseContribution.FromCase(Case(
            [
                Course("T1", Ccb, 0, ["L1"], At(50, Response.Complete)),
                Course("T2", TreatmentClass.Surgery, 200, ["L1"]),
            ],
            [RecurrenceOf("L1", 300)],
            lastFollowUpDay: 1000));

        Assert.Equal(new RecurrenceObservation(150, Recurred: false), contribution.Courses[0].Recurrence);
    }

    [Fact]
    public void Recurrence_exactly_at_the_window_end_is_counted()
    {
        // Window (50, 200] ended by T2's start; recurrence on day 200 is inside: event at 200 - 50 = 150.
        var contribution = CaseContribution.FromCase(Case(
            [
                Course("T1", Ccb, 0, ["L1"], At(50, Response.Complete)),
                Course("T2", TreatmentClass.Surgery, 200, ["L1"]),
            ],
            [RecurrenceOf("L1", 200)],
            lastFollowUpDay: 1000));

        Assert.Equal(new RecurrenceObservation(150, Recurred: true), contribution.Courses[0].Recurrence);
    }

    [Fact]
    public void Recurrence_exactly_at_last_follow_up_is_counted()
    {
        // Window (50, 400] ended by the last follow-up; recurrence on day 400: event at 350.
        var outcome = OnlyOutcome(Case(
            [Course("T1", Ccb, 0, ["L1"], At(50, Response.Complete))], [RecurrenceOf("L1", 400)], lastFollowUpDay: 400));

        Assert.Equal(new RecurrenceObservation(350, Recurred: true), outcome.Recurrence);
    }

    [Fact]
    public void Next_course_on_another_lesion_of_the_course_ends_the_window_but_a_course_on_an_unrelated_lesion_does_not()
    {
        // T1 treats L1 and L2, responds on day 50. T3 (day 120) treats only L3: irrelevant. T2 (day 260) treats L2:
        // window (50, 260]. The L1 recurrence on day 270 falls outside it: censored at 260 - 50 = 210.
        var contribution = CaseContribution.FromCase(Case(
            [
                Course("T1", Ccb, 0, ["L1", "L2"], At(50, Response.Partial)),
                Course("T3", TreatmentClass.Other, 120, ["L3"]),
                Course("T2", TreatmentClass.Surgery, 260, ["L2"]),
            ],
            [RecurrenceOf("L1", 270)],
            lastFollowUpDay: 1000));

        Assert.Equal(new RecurrenceObservation(210, Recurred: false), contribution.Courses[0].Recurrence);
    }

    [Fact]
    public void The_earliest_of_several_later_courses_ends_the_window()
    {
        // Later courses on L1 start on days 500 and 300 (listed in that order): window (50, 300] → censored at 250.
        var contribution = CaseContribution.FromCase(Case(
            [
                Course("T1", Ccb, 0, ["L1"], At(50, Response.Complete)),
                Course("T2", TreatmentClass.Surgery, 500, ["L1"]),
                Course("T3", TreatmentClass.Other, 300, ["L1"]),
            ],
            lastFollowUpDay: 1000));

        Assert.Equal(new RecurrenceObservation(250, Recurred: false), contribution.Courses[0].Recurrence);
    }

    [Fact]
    public void A_course_starting_the_same_day_or_earlier_does_not_end_the_window()
    {
        // T1 and T2 both start on day 10 on L1; T0 started on day 0. Only a strictly later start ends T1's window,
        // so it runs to the last follow-up (600): recurrence on day 500 is an event at 500 - 100 = 400.
        var contribution = CaseContribution.FromCase(Case(
            [
                Course("T0", TreatmentClass.TopicalSteroid, 0, ["L1"]),
                Course("T1", Ccb, 10, ["L1"], At(100, Response.Complete)),
                Course("T2", TreatmentClass.Surgery, 10, ["L1"]),
            ],
            [RecurrenceOf("L1", 500)],
            lastFollowUpDay: 600));

        Assert.Equal(new RecurrenceObservation(400, Recurred: true), contribution.Courses[1].Recurrence);
    }

    [Fact]
    public void Window_ending_before_the_response_day_censors_at_zero_and_ignores_recurrences()
    {
        // T1 starts day 0, responds on day 100; T2 starts on L1 on day 80 → window end 80 <= 100: censored at 0.
        // The recurrence on day 90 lies before the response day and is not counted.
        var contribution = CaseContribution.FromCase(Case(
            [
                Course("T1", Ccb, 0, ["L1"], At(100, Response.Complete)),
                Course("T2", TreatmentClass.Surgery, 80, ["L1"]),
            ],
            [RecurrenceOf("L1", 90)],
            lastFollowUpDay: 1000));

        Assert.Equal(new RecurrenceObservation(0, Recurred: false), contribution.Courses[0].Recurrence);
    }

    [Fact]
    public void Window_ending_on_the_response_day_censors_at_zero()
    {
        // Response day 100 = last follow-up day: window is empty, censored at 0.
        var outcome = OnlyOutcome(Case([Course("T1", Ccb, 0, ["L1"], At(100, Response.Partial))], lastFollowUpDay: 100));

        Assert.Equal(new RecurrenceObservation(0, Recurred: false), outcome.Recurrence);
    }
}
