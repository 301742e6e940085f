using System.Text;
using Bunit;
using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Web.Analyses;
using CalcinosisRegistry.Web.Components.Shared;
using CalcinosisRegistry.Web.Outcomes;
using CalcinosisRegistry.Web.Tests.Infrastructure;

namespace CalcinosisRegistry.Web.Tests.Components;

/// <summary>
/// The analysis builder's data mapping: its form becomes the API's request body, and an analysis answer (written by
/// hand here, as the API would publish it) becomes the rows, the log-rank line, the curves and the disclosure mark.
/// </summary>
public sealed class AnalysisViewTests
{
    /// <summary>Rounded to 6: two groups published, surgery withheld for too few cases; the test over the two published ones.</summary>
    private static readonly AnalysisResult Rounded = new(
        27, 30, "treatment-class",
        [
            Group("bisphosphonate", cases: 15, complete: 6, responders: 9, recurrences: 3, curve: [new CurveStep(60, 9, 3, 0, 2.0 / 3, 0.41, 0.86)]),
            Group("calcium-channel-blocker", cases: 9, complete: 3, responders: 6, recurrences: 3, curve: [new CurveStep(100, 6, 3, 0, 0.5, 0.2, 0.8)]),
            AnalysisGroup.Withheld("surgery"),
        ],
        new LogRankTest(2, 4.21, 1, 0.0402, null, null))
    {
        Disclosure = "rounded",
        RoundTo = 6,
    };

    [Fact]
    public void The_form_writes_only_the_chosen_filters_and_the_api_reader_accepts_them()
    {
        var form = new AnalysisForm { AgeMin = 18, Sites = "web-north, web-south", Compare = "sex" };
        form.CalcinosisTypes.Add("dystrophic");

        var body = form.Body();

        Assert.Equal("""{"filter":{"calcinosisTypes":["dystrophic"],"ageAtOnset":{"min":18},"sites":["web-north","web-south"]},"compare":"sex"}""",
            Encoding.UTF8.GetString(body));
        var (request, errors) = AnalysisRequestReader.Read(body);
        Assert.Empty(errors);
        Assert.Equal([CalcinosisType.Dystrophic], request!.Filter.CalcinosisTypes!);
        Assert.Equal(new IntRange(18, null), request.Filter.AgeAtOnset);
        Assert.Equal(["web-north", "web-south"], request.Filter.Sites!);
        Assert.Null(request.Filter.Sex);
        Assert.Equal(AnalysisComparison.Sex, request.Compare);
        Assert.Equal(body, AnalysisForm.FromQuery(AnalysisForm.ToQuery(body)));
    }

    [Fact]
    public void An_inverted_range_is_a_fault_at_the_range_field()
    {
        var form = new AnalysisForm { YearMin = 2024, YearMax = 2005 };

        var (request, errors) = AnalysisRequestReader.Read(form.Body());

        Assert.Null(request);
        Assert.Equal("$.filter.diagnosisYear", Assert.Single(errors).Path);
    }

    [Fact]
    public void Groups_map_to_rows_in_order_with_their_curves_and_the_withheld_group_marked()
    {
        var outcomes = AnalysisView.From(Rounded);

        Assert.Equal(["Bisphosphonate", "Calcium channel blocker", "Surgery"], outcomes.Groups.Select(g => g.Label));
        Assert.Null(outcomes.Groups[2].Outcome);
        var ccb = outcomes.Groups[1].Outcome!;
        Assert.Equal([new CurvePoint(100, 6, 3, 0, 0.5, 0.2, 0.8)], ccb.Curve!);
        Assert.Equal(6, ccb.Responders);
        Assert.Equal("rounded", outcomes.Disclosure.Kind);
        Assert.Equal("Log-rank test over 2 groups: χ² = 4.21, df = 1, p = 0.0402 (χ² and p rounded to 3 significant digits).", outcomes.LogRankLine);
    }

    [Theory]
    [InlineData("site", "web-north", "web-north")]
    [InlineData("age-band", "18-39", "18-39")]
    [InlineData("calcinosis-type", "dystrophic", "Dystrophic")]
    [InlineData("none", "all", "All courses")]
    public void Group_keys_read_as_words_except_site_ids_and_age_bands(string compare, string key, string label) =>
        Assert.Equal(label, AnalysisView.GroupLabel(compare, key));

    [Fact]
    public void Exact_answers_say_so_and_a_missing_test_is_explained()
    {
        var exact = AnalysisView.From(Rounded with { LogRank = null, Disclosure = "exact", RoundTo = null });

        Assert.Equal("exact", exact.Disclosure.Kind);
        Assert.Equal("Log-rank test: not computed (fewer than two groups with responders, or no recurrence).", exact.LogRankLine);
    }

    [Fact]
    public async Task The_result_view_shows_the_table_the_test_the_mark_and_links_that_rerun_the_same_analysis()
    {
        await using var context = MudTestContext.New();
        var view = context.Render<AnalysisResultView>(p => p
            .Add(c => c.Outcomes, AnalysisView.From(Rounded))
            .Add(c => c.Query, "e30"));

        Assert.Contains("rounded", view.Find("[data-testid=disclosure]").TextContent, StringComparison.Ordinal);
        Assert.Contains("multiple of 6", view.Find("[data-testid=disclosure]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Cases included: 27 · courses: 30", view.Find("[data-testid=analysis-cohort]").TextContent);
        Assert.Contains("χ² = 4.21, df = 1, p = 0.0402", view.Find("[data-testid=log-rank]").TextContent, StringComparison.Ordinal);

        var ccb = view.Find("tr[data-group='calcium-channel-blocker']").QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        // 9 cases and courses, all assessed; responders 6 of 9 = 66.7% (Wilson 35.4–87.9); day 365 at 0.5; median 200.
        Assert.Equal(["9", "9", "9", "66.7% (35.4–87.9)", "33.3% (12.1–64.6)", "6", "3", "0.500", "200"], ccb);
        Assert.Contains("withheld", view.Find("tr[data-group='surgery']").TextContent, StringComparison.Ordinal);

        var src = view.Find("[data-testid=analysis-km-plot]").GetAttribute("src")!;
        Assert.StartsWith("data:image/svg+xml;base64,", src, StringComparison.Ordinal);
        Assert.Contains("<svg", Encoding.UTF8.GetString(Convert.FromBase64String(src.Split(',')[1])), StringComparison.Ordinal);
        Assert.Equal("/export/analyses/table.csv?request=e30", view.Find("[data-testid=analysis-csv]").GetAttribute("href"));
        Assert.Equal("/export/analyses/km.png?request=e30", view.Find("[data-testid=analysis-png]").GetAttribute("href"));
    }

    [Fact]
    public void The_figure_draws_one_line_per_group_with_a_curve_in_png_and_svg()
    {
        var plot = AnalysisView.Figure(AnalysisView.From(Rounded));

        Assert.Equal(2, plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Count());
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, OutcomeFigures.Png(plot)[..4]);
        Assert.Contains("<svg", OutcomeFigures.Svg(plot), StringComparison.Ordinal);
    }

    /// <summary>A published group in which every course was assessed: complete, then partial responders, the rest without response.</summary>
    private static AnalysisGroup Group(string key, int cases, int complete, int responders, int recurrences, CurveStep[] curve) => new(
        key, null, cases, cases, cases, complete, responders - complete, cases - responders, 0,
        Proportion.Wilson(responders, cases), Proportion.Wilson(complete, cases),
        new RecurrenceStatistics(responders, recurrences, Proportion.Wilson(recurrences, responders),
            new Dictionary<string, double?> { ["180"] = curve[^1].Survival, ["365"] = curve[^1].Survival, ["730"] = null },
            200, curve));
}
