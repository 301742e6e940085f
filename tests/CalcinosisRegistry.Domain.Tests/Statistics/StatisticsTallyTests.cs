using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using static CalcinosisRegistry.Domain.Tests.Statistics.TestCases;

namespace CalcinosisRegistry.Domain.Tests.Statistics;

public sealed class StatisticsTallyTests
{
    private static readonly JsonSerializerOptions WebOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Two courses of one class (a responder with a recurrence and an unassessed one), one of another class.</summary>
    private static CaseContribution RichCase() =>
        new(CalcinosisType.Dystrophic, Lesions: 3,
        [
            new CourseOutcome(TreatmentClass.Surgery, Response.Complete, new RecurrenceObservation(120, Recurred: true)),
            new CourseOutcome(TreatmentClass.Surgery, BestResponse: null, Recurrence: null),
            new CourseOutcome(TreatmentClass.Bisphosphonate, Response.Partial, new RecurrenceObservation(120, Recurred: false)),
        ]);

    private static CaseContribution OtherCase() =>
        new(CalcinosisType.Dystrophic, Lesions: 2,
        [
            new CourseOutcome(TreatmentClass.Surgery, Response.Progression, Recurrence: null),
            new CourseOutcome(TreatmentClass.SodiumThiosulfate, Response.Complete, new RecurrenceObservation(0, Recurred: false)),
        ]);

    private static string Json(StatisticsTally tally) => JsonSerializer.Serialize(tally, WebOptions);

    [Fact]
    public void Add_counts_cases_once_per_class_and_courses_per_course()
    {
        var tally = TallyOf(RichCase(), new CaseContribution(CalcinosisType.Dystrophic, Lesions: 1, Courses: []));

        // Two cases (one without courses), 3 + 1 lesions, 3 courses.
        Assert.Equal((2, 4, 3), (tally.Cases, tally.Lesions, tally.Courses));
        // Only the case with courses counts in the class tallies; it counts once for surgery despite two courses.
        Assert.Equal(1, tally.AllClasses.Cases);
        Assert.Equal([TreatmentClass.Bisphosphonate, TreatmentClass.Surgery], tally.ByClass.Keys.Order());
        var surgery = tally.ByClass[TreatmentClass.Surgery];
        Assert.Equal(
            (Cases: 1, Courses: 2, Assessed: 1, Complete: 1, Partial: 0, Responders: 1, Recurrences: 1),
            (surgery.Cases, surgery.Courses, surgery.Assessed, surgery.Complete, surgery.Partial, surgery.Responders, surgery.Recurrences));
        // Both responders' times are 120 (one event, one censored): a single time entry for all classes.
        var at120 = Assert.Single(tally.AllClasses.Times);
        Assert.Equal((120, 1, 1), (at120.Key, at120.Value.Events, at120.Value.Censored));
        Assert.Equal((3, 2, 1, 1), (tally.AllClasses.Courses, tally.AllClasses.Assessed, tally.AllClasses.Complete, tally.AllClasses.Partial));
    }

    [Fact]
    public void Add_then_remove_restores_the_empty_tally_exactly()
    {
        var tally = TallyOf(RichCase(), OtherCase());

        tally.Remove(OtherCase());
        tally.Remove(RichCase());

        Assert.True(tally.IsEmpty);
        Assert.Empty(tally.ByClass);
        Assert.Empty(tally.AllClasses.Times);
        Assert.Equal(Json(new StatisticsTally()), Json(tally));
    }

    [Fact]
    public void Removing_one_case_leaves_exactly_the_tally_of_the_others()
    {
        var tally = TallyOf(RichCase(), OtherCase());

        tally.Remove(RichCase());

        Assert.Equal(Json(TallyOf(OtherCase())), Json(tally));
        // Bisphosphonate had courses only in the removed case and is gone; surgery stays with the other case's course.
        Assert.False(tally.ByClass.ContainsKey(TreatmentClass.Bisphosphonate));
        Assert.Equal(1, tally.ByClass[TreatmentClass.Surgery].Courses);
    }

    [Fact]
    public void Removing_a_time_the_tally_does_not_hold_is_refused()
    {
        var tally = TallyOf(Responder(50, recurred: true));

        Assert.Throws<InvalidOperationException>(() => tally.Remove(Responder(60, recurred: true)));
    }

    [Fact]
    public void Merge_equals_adding_everything_to_one_tally()
    {
        var left = TallyOf(RichCase(), Responder(120, recurred: true));
        var right = TallyOf(OtherCase(), Responder(120, recurred: false), NonResponder(null, TreatmentClass.Other));

        left.Merge(right);

        var together = TallyOf(
            RichCase(), Responder(120, recurred: true), OtherCase(), Responder(120, recurred: false), NonResponder(null, TreatmentClass.Other));
        Assert.Equal(Json(together), Json(left));
        Assert.Equal(
            JsonSerializer.Serialize(StatisticsSummarizer.Summarize("all", together, includeCurve: true)),
            JsonSerializer.Serialize(StatisticsSummarizer.Summarize("all", left, includeCurve: true)));
    }

    [Fact]
    public void Clone_is_deep()
    {
        var original = TallyOf(RichCase());
        var before = Json(original);

        var clone = original.Clone();
        clone.Add(OtherCase());
        clone.Remove(RichCase());

        Assert.Equal(before, Json(original));
        Assert.Equal(Json(TallyOf(OtherCase())), Json(clone));
    }

    [Fact]
    public void Is_empty_only_without_any_case()
    {
        Assert.True(new StatisticsTally().IsEmpty);
        Assert.False(TallyOf(new CaseContribution(CalcinosisType.Idiopathic, Lesions: 0, Courses: [])).IsEmpty);
    }

    public static TheoryData<string> SerializerSettings => new() { "default", "web" };

    [Theory]
    [MemberData(nameof(SerializerSettings))]
    public void Round_trips_through_System_Text_Json(string settings)
    {
        var options = settings == "web" ? WebOptions : JsonSerializerOptions.Default;
        var tally = TallyOf(RichCase(), OtherCase(), Responder(30, recurred: true));

        var json = JsonSerializer.Serialize(tally, options);
        var restored = JsonSerializer.Deserialize<StatisticsTally>(json, options)!;

        Assert.Equal(json, JsonSerializer.Serialize(restored, options));
        Assert.DoesNotContain("isEmpty", json, StringComparison.OrdinalIgnoreCase);
        // Surgery: two courses in the rich case, one in the other, one for the responder.
        Assert.Equal(4, restored.ByClass[TreatmentClass.Surgery].Courses);
        Assert.Equal([0, 30, 120], restored.AllClasses.Times.Keys);
        // A restored tally keeps working: removing everything empties it.
        restored.Remove(RichCase());
        restored.Remove(OtherCase());
        restored.Remove(Responder(30, recurred: true));
        Assert.True(restored.IsEmpty);
    }

    [Fact]
    public void Case_contribution_round_trips_through_System_Text_Json()
    {
        var json = JsonSerializer.Serialize(RichCase(), WebOptions);
        var restored = JsonSerializer.Deserialize<CaseContribution>(json, WebOptions)!;

        Assert.Equal(RichCase().Courses, restored.Courses);
        Assert.Equal((RichCase().Type, RichCase().Lesions), (restored.Type, restored.Lesions));
    }
}
