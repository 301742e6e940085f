using CalcinosisRegistry.Web.Outcomes;

namespace CalcinosisRegistry.Web.Tests.Components;

public sealed class OutcomeFiguresTests
{
    private static readonly CurvePoint[] Curve =
    [
        new(30, 4, 1, 0, 0.75, 0.4, 1.0),
        new(60, 3, 0, 1, 0.75, 0.4, 1.0),
        new(90, 2, 2, 0, 0.0, null, null),
    ];

    [Fact]
    public void The_survival_line_steps_down_at_each_event_from_one_at_day_zero()
    {
        var line = CurveGeometry.Survival(Curve);

        Assert.Equal([0, 30, 30, 60, 60, 90, 90], line.Days);
        Assert.Equal([1, 1, 0.75, 0.75, 0.75, 0.75, 0.0], line.Values);
    }

    [Fact]
    public void The_band_stops_before_the_first_step_without_limits()
    {
        var (lower, upper) = CurveGeometry.Band(Curve);

        Assert.Equal([0, 30, 30, 60, 60], lower.Days);
        Assert.Equal([1, 1, 0.4, 0.4, 0.4], lower.Values);
        Assert.Equal([1, 1, 1.0, 1.0, 1.0], upper.Values);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(30, 4)]
    [InlineData(31, 3)]
    [InlineData(90, 2)]
    [InlineData(91, 0)]
    public void The_number_at_risk_is_that_of_the_first_step_on_or_after_the_day(int day, int atRisk) =>
        Assert.Equal(atRisk, CurveGeometry.AtRisk(Curve, day));

    [Fact]
    public void Both_figures_render_as_svg_and_png()
    {
        var outcomes = OutcomesJson.Read(TypeJson, callerSeesExact: true, suppressionK: null);

        var km = OutcomeFigures.KaplanMeier(outcomes);
        Assert.Contains("<svg", OutcomeFigures.Svg(km), StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, OutcomeFigures.Png(km)[..4]);
        var forest = OutcomeFigures.Forest(outcomes, completeResponse: false);
        Assert.Contains("<svg", OutcomeFigures.Svg(forest), StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, OutcomeFigures.Png(forest)[..4]);
    }

    [Fact]
    public void The_forest_plot_has_a_row_per_class_and_one_for_all_with_the_published_rates()
    {
        var outcomes = OutcomesJson.Read(TypeJson, callerSeesExact: true, suppressionK: null);

        var rows = OutcomeFigures.ForestRows(outcomes, completeResponse: false);

        Assert.Equal(["Surgery", "Topical steroid", "All treatments"], rows.Select(r => r.Label));
        Assert.Equal(new ForestRow("Surgery", 0.8, 0.375, 0.964), rows[0]);
        Assert.Equal(new ForestRow("Topical steroid", null, null, null), rows[1]);
    }

    [Fact]
    public void Withheld_figures_are_read_as_missing_and_named_and_the_marker_says_suppressed()
    {
        var outcomes = OutcomesJson.Read(TypeJson, callerSeesExact: false, suppressionK: 5);

        var topical = outcomes.Classes[1];
        Assert.Null(topical.Cases);
        Assert.True(topical.IsWithheld("cases"));
        Assert.True(topical.IsWithheld("recurrence.curve"));
        Assert.Equal("suppressed", outcomes.Disclosure.Kind);
        Assert.Contains("below 5", outcomes.Disclosure.Explanation, StringComparison.Ordinal);
    }

    /// <summary>A type's statistics as the API publishes them, written by hand (the second class withheld).</summary>
    private const string TypeJson = """
        {
          "calcinosisType": "dystrophic", "casesIncluded": 12, "cases": 12, "lesions": 20, "courses": 9,
          "byTreatment": [
            { "class": "surgery", "cases": 5, "courses": 5, "assessed": 5, "complete": 3, "partial": 1, "none": 1, "progression": 0,
              "responseRate": { "estimate": 0.8, "lower": 0.375, "upper": 0.964 },
              "completeResponseRate": { "estimate": 0.6, "lower": 0.231, "upper": 0.882 },
              "recurrence": { "responders": 4, "recurrences": 3, "proportion": { "estimate": 0.75, "lower": 0.3, "upper": 0.95 },
                "survivalAt": { "180": 0.75, "365": 0.0, "730": null }, "medianDays": 90,
                "curve": [ { "day": 30, "atRisk": 4, "events": 1, "censored": 0, "survival": 0.75, "lower": 0.4, "upper": 1.0 },
                           { "day": 90, "atRisk": 3, "events": 3, "censored": 0, "survival": 0.0, "lower": null, "upper": null } ] } },
            { "class": "topical-steroid", "cases": null, "courses": null, "assessed": null, "complete": null, "partial": null, "none": null, "progression": null,
              "responseRate": { "estimate": null, "lower": null, "upper": null },
              "completeResponseRate": { "estimate": null, "lower": null, "upper": null },
              "recurrence": { "responders": null, "recurrences": null, "proportion": { "estimate": null, "lower": null, "upper": null },
                "survivalAt": { "180": null, "365": null, "730": null }, "medianDays": null, "suppressed": ["curve", "survivalAt"] },
              "suppressed": ["cases", "courses", "assessed"] }
          ],
          "allTreatments": { "class": "all", "cases": 9, "courses": 9, "assessed": 9, "complete": 5, "partial": 2, "none": 2, "progression": 0,
            "responseRate": { "estimate": 0.778, "lower": 0.453, "upper": 0.937 },
            "completeResponseRate": { "estimate": 0.556, "lower": 0.267, "upper": 0.811 },
            "recurrence": { "responders": 7, "recurrences": 4, "proportion": { "estimate": 0.571, "lower": 0.25, "upper": 0.842 },
              "survivalAt": { "180": 0.6, "365": null, "730": null }, "medianDays": null } }
        }
        """;
}
