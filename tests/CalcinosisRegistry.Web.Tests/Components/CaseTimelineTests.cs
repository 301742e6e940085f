using System.Globalization;
using Bunit;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Web.Components.Shared;
using CalcinosisRegistry.Web.Timeline;

namespace CalcinosisRegistry.Web.Tests.Components;

public sealed class CaseTimelineTests : BunitContext
{
    /// <summary>Follow-up to day 400; two lesions, one observed twice (10 mm, then 20 mm ulcerated); an ongoing course and a finished one.</summary>
    private static readonly CaseDocument Case = new(
        "T-1", Sex.Female, 40, 2020, CalcinosisType.Dystrophic, [], [], [],
        [
            new Lesion("L1", BodySite.Finger, Laterality.Left, Morphology.Nodule, 0,
                [new LesionObservation(0, 10, false, null, null), new LesionObservation(100, 20, true, null, null)]),
            new Lesion("L2", BodySite.Elbow, Laterality.Right, Morphology.Plaque, 50, []),
        ],
        [
            new TreatmentCourse("T1", TreatmentClass.Surgery, null, TreatmentRoute.Surgical, 100, 100, ["L1"], [new Assessment(130, Response.Complete)]),
            new TreatmentCourse("T2", TreatmentClass.CalciumChannelBlocker, "diltiazem", TreatmentRoute.Oral, 200, null, ["L2"], [new Assessment(300, Response.Partial)]),
        ],
        [new Recurrence("L1", 250)],
        400);

    [Fact]
    public void Days_map_linearly_from_the_label_column_to_the_right_margin()
    {
        var layout = TimelineLayout.For(Case);

        // 0..400 days over 900 - 150 - 20 = 730 px, starting at x = 150.
        Assert.Equal(150, layout.X(0));
        Assert.Equal(150 + 730.0 / 4, layout.X(100), 6);
        Assert.Equal(880, layout.X(400), 6);
    }

    [Fact]
    public void Lesions_courses_recurrences_and_follow_up_are_drawn_where_their_days_are()
    {
        var timeline = Render<CaseTimeline>(p => p.Add(c => c.Document, Case));

        var l1 = timeline.Find("g[data-lesion='L1']");
        var circles = l1.QuerySelectorAll("circle.timeline-observation");
        Assert.Equal(["150", "332.5"], circles.Select(c => c.GetAttribute("cx")));
        // The largest observation gets the largest circle (12 px), the other by the square root of the size ratio.
        Assert.Equal("12", circles[1].GetAttribute("r"));
        Assert.Equal((3 + 9 * Math.Sqrt(0.5)).ToString("0.#", CultureInfo.InvariantCulture), circles[0].GetAttribute("r"));
        Assert.Single(l1.QuerySelectorAll("path.timeline-recurrence"));
        Assert.Empty(timeline.Find("g[data-lesion='L2']").QuerySelectorAll("circle.timeline-observation"));

        // The finished course is a thin bar at day 100; the ongoing one runs from day 200 to the follow-up end.
        var ongoing = timeline.Find("g[data-treatment='T2'] rect");
        Assert.Equal("515", ongoing.GetAttribute("x"));
        Assert.Equal("365", ongoing.GetAttribute("width"));
        Assert.Equal(["C", "P"], timeline.FindAll(".timeline-assessment text").Select(t => t.TextContent));
        Assert.Equal("880", timeline.Find("line.timeline-followup").GetAttribute("x1"));
        Assert.Contains("2 lesion(s), 2 treatment course(s), 1 recurrence(s); follow-up to day 400", timeline.Find("desc").TextContent, StringComparison.Ordinal);
    }
}
