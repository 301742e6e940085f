using System.Text.Json;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using static CalcinosisRegistry.Domain.Tests.Statistics.TestCases;

namespace CalcinosisRegistry.Domain.Tests.Statistics;

public sealed class StatisticsSummarizerTests
{
    private static readonly JsonSerializerOptions WebOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Three cases. A: surgery on L1, complete on day 30, recurrence day 150 → event at 120; an unassessed
    /// calcium-channel blocker on L2. B: surgery with none then progression (best none); a topical steroid with
    /// progression. C: surgery, partial on day 40, follow-up to 400 → censored at 360.
    /// </summary>
    private static StatisticsTally Cohort()
    {
        CaseDocument[] documents =
        [
            Case(
                [
                    Course("T1", TreatmentClass.Surgery, 0, ["L1"], At(30, Response.Complete)),
                    Course("T2", TreatmentClass.CalciumChannelBlocker, 10, ["L2"]),
                ],
                [RecurrenceOf("L1", 150)],
                lastFollowUpDay: 400),
            Case(
                [
                    Course("T1", TreatmentClass.Surgery, 0, ["L1"], At(60, Response.None), At(90, Response.Progression)),
                    Course("T2", TreatmentClass.TopicalSteroid, 5, ["L1"], At(20, Response.Progression)),
                ],
                lastFollowUpDay: 400),
            Case([Course("T1", TreatmentClass.Surgery, 0, ["L1"], At(40, Response.Partial))], lastFollowUpDay: 400),
        ];
        return TallyOf(documents.Select(CaseContribution.FromCase).ToArray());
    }

    [Fact]
    public void Counts_cases_lesions_and_courses_of_the_type()
    {
        var statistics = StatisticsSummarizer.Summarize("dystrophic", Cohort(), includeCurve: true);

        // Lesions: 2 + 1 + 1; courses: 2 + 2 + 1.
        Assert.Equal(("dystrophic", 3, 3, 4, 5),
            (statistics.CalcinosisType, statistics.CasesIncluded, statistics.Cases, statistics.Lesions, statistics.Courses));
    }

    [Fact]
    public void Lists_classes_with_courses_in_declaration_order_under_their_wire_names()
    {
        var statistics = StatisticsSummarizer.Summarize("dystrophic", Cohort(), includeCurve: true);

        Assert.Equal(["topical-steroid", "calcium-channel-blocker", "surgery"], statistics.ByTreatment.Select(entry => entry.Class));
        Assert.Equal("all", statistics.AllTreatments.Class);
    }

    [Fact]
    public void Surgery_counts_rates_and_recurrence()
    {
        var surgery = StatisticsSummarizer.Summarize("dystrophic", Cohort(), includeCurve: true).ByTreatment.Single(entry => entry.Class == "surgery");

        // Best responses: complete (A), none (B: none beats progression), partial (C).
        Assert.Equal((3, 3, 3, 1, 1, 1, 0),
            (surgery.Cases, surgery.Courses, surgery.Assessed, surgery.Complete, surgery.Partial, surgery.None, surgery.Progression));
        Assert.Equal(Proportion.Wilson(2, 3), surgery.ResponseRate);
        Assert.Equal(Proportion.Wilson(1, 3), surgery.CompleteResponseRate);

        // Times: 120 (event), 360+. day 120: n = 2, S = 1/2; day 360: censored, S stays 1/2.
        var recurrence = surgery.Recurrence;
        Assert.Equal((2, 1), (recurrence.Responders, recurrence.Recurrences));
        Assert.Equal([(120, 2, 1, 0, 0.5), (360, 1, 0, 1, 0.5)],
            recurrence.Curve!.Select(step => (step.Day, step.AtRisk, step.Events, step.Censored, step.Survival)));
        Assert.Equal(120, recurrence.MedianDays);
        // 180 → S(120) = 0.5; 365 and 730 are beyond the last observed time 360.
        Assert.Equal(0.5, recurrence.SurvivalAt["180"]);
        Assert.Null(recurrence.SurvivalAt["365"]);
        Assert.Null(recurrence.SurvivalAt["730"]);
    }

    [Fact]
    public void Unassessed_courses_count_as_courses_but_leave_rates_null()
    {
        var blocker = StatisticsSummarizer.Summarize("dystrophic", Cohort(), includeCurve: true)
            .ByTreatment.Single(entry => entry.Class == "calcium-channel-blocker");

        Assert.Equal((1, 1, 0), (blocker.Cases, blocker.Courses, blocker.Assessed));
        Assert.Equal(new Proportion(null, null, null), blocker.ResponseRate);
        Assert.Equal(new Proportion(null, null, null), blocker.CompleteResponseRate);
    }

    [Fact]
    public void Progression_is_assessed_and_counts_against_the_response_rate()
    {
        var topical = StatisticsSummarizer.Summarize("dystrophic", Cohort(), includeCurve: true)
            .ByTreatment.Single(entry => entry.Class == "topical-steroid");

        Assert.Equal((1, 1, 1, 0), (topical.Courses, topical.Assessed, topical.Progression, topical.Complete + topical.Partial));
        Assert.Equal(0.0, topical.ResponseRate.Estimate);
    }

    [Fact]
    public void All_treatments_pool_every_course()
    {
        var all = StatisticsSummarizer.Summarize("dystrophic", Cohort(), includeCurve: true).AllTreatments;

        // Courses 5, assessed 4 (the blocker is not), complete 1, partial 1, none 1, progression 1.
        Assert.Equal((3, 5, 4, 1, 1, 1, 1), (all.Cases, all.Courses, all.Assessed, all.Complete, all.Partial, all.None, all.Progression));
        // Response rate 2/4 = 0.5; Wilson with n = 4: z²/n = 0.960365, centre = (0.5 + 0.480182) / 1.960365 = 0.5,
        // half = 1.959964 · sqrt(0.0625 + 0.060023) / 1.960365 = 1.959964 · 0.350033 / 1.960365 = 0.349961
        Assert.Equal(0.5, all.ResponseRate.Estimate);
        Assert.Equal(0.150039, all.ResponseRate.Lower!.Value, 1e-5);
        Assert.Equal(0.849961, all.ResponseRate.Upper!.Value, 1e-5);
    }

    [Fact]
    public void Web_json_is_camel_case_and_leaves_out_the_curve_when_not_asked_for()
    {
        var json = JsonSerializer.Serialize(StatisticsSummarizer.Summarize("dystrophic", Cohort(), includeCurve: false), WebOptions);
        var root = JsonNode.Parse(json)!.AsObject();

        Assert.Equal(3, (int)root["casesIncluded"]!);
        var all = root["allTreatments"]!.AsObject();
        Assert.Equal("all", (string)all["class"]!);
        Assert.NotNull(all["completeResponseRate"]!["upper"]);
        var recurrence = all["recurrence"]!.AsObject();
        Assert.False(recurrence.ContainsKey("curve"));
        Assert.Equal(120, (int)recurrence["medianDays"]!);
        Assert.Equal(["180", "365", "730"], recurrence["survivalAt"]!.AsObject().Select(pair => pair.Key));
        Assert.Equal(3, root["byTreatment"]!.AsArray().Count);
    }

    [Fact]
    public void Web_json_has_an_empty_curve_array_and_nulls_when_there_are_no_responders()
    {
        var tally = TallyOf(NonResponder(Response.None));
        var json = JsonSerializer.Serialize(StatisticsSummarizer.Summarize("idiopathic", tally, includeCurve: true), WebOptions);
        var recurrence = JsonNode.Parse(json)!["allTreatments"]!["recurrence"]!.AsObject();

        Assert.Empty(recurrence["curve"]!.AsArray());
        Assert.True(recurrence.ContainsKey("medianDays"));
        Assert.Null(recurrence["medianDays"]);
        Assert.Null(recurrence["proportion"]!["estimate"]);
    }

    [Fact]
    public void An_empty_tally_summarizes_to_zeros_and_nulls()
    {
        var statistics = StatisticsSummarizer.Summarize("all", new StatisticsTally(), includeCurve: true);

        Assert.Equal((0, 0, 0, 0), (statistics.CasesIncluded, statistics.Lesions, statistics.Courses, statistics.AllTreatments.Courses));
        Assert.Empty(statistics.ByTreatment);
        Assert.Equal(new Proportion(null, null, null), statistics.AllTreatments.ResponseRate);
        Assert.Empty(statistics.AllTreatments.Recurrence.Curve!);
    }
}
