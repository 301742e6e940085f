using ScottPlot;

namespace CalcinosisRegistry.Web.Outcomes;

/// <summary>The analyst's figures, drawn by ScottPlot so the page (SVG) and the downloads (SVG, PNG) are the same picture.</summary>
public static class OutcomeFigures
{
    public const int Width = 800;
    public const int Height = 450;

    /// <summary>Response (or complete-response) rate per class with its Wilson interval, one row per class.</summary>
    public static IReadOnlyList<ForestRow> ForestRows(TypeOutcomes outcomes, bool completeResponse) =>
        [.. outcomes.Classes.Append(outcomes.AllTreatments).Select(c =>
        {
            var rate = completeResponse ? c.CompleteResponseRate : c.ResponseRate;
            return new ForestRow(ClassNames.Label(c.Class), rate.Estimate, rate.Lower, rate.Upper);
        })];

    public static Plot Forest(TypeOutcomes outcomes, bool completeResponse)
    {
        var rows = ForestRows(outcomes, completeResponse);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            double y = rows.Count - i;
            if (row.Estimate is not { } estimate)
            {
                continue;
            }

            var color = palette.GetColor(i);
            if (row.Lower is { } lower && row.Upper is { } upper)
            {
                var line = plot.Add.Line(lower, y, upper, y);
                line.LineWidth = 2;
                line.LineColor = color;
            }

            var marker = plot.Add.Marker(estimate, y);
            marker.MarkerSize = 10;
            marker.Color = color;
        }

        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rows.Count).Select(i => (double)(rows.Count - i))], [.. rows.Select(r => r.Label)]);
        plot.Axes.SetLimits(0, 1, 0.5, rows.Count + 0.5);
        plot.XLabel(completeResponse ? "Complete-response rate (95% Wilson interval)" : "Response rate (95% Wilson interval)");
        plot.Title($"{ClassNames.TypeLabel(outcomes.CalcinosisType)}: {(completeResponse ? "complete response" : "response")} by treatment class");
        return plot;
    }

    /// <summary>Kaplan–Meier recurrence-free curves per class with their 95% bands.</summary>
    public static Plot KaplanMeier(TypeOutcomes outcomes) =>
        KaplanMeier(
            outcomes.Classes.Select(outcome => (ClassNames.Label(outcome.Class), outcome.Curve)),
            $"{ClassNames.TypeLabel(outcomes.CalcinosisType)}: recurrence-free after response");

    /// <summary>
    /// Kaplan–Meier recurrence-free curves with their 95% bands, one colour per series in the order given (a series
    /// without a curve keeps its colour, so colours match the tables' rows).
    /// </summary>
    public static Plot KaplanMeier(IEnumerable<(string Label, IReadOnlyList<CurvePoint>? Curve)> series, string title)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var maxDay = 30.0;
        var index = 0;
        foreach (var (label, points) in series)
        {
            var color = palette.GetColor(index++);
            if (points is not { Count: > 0 } curve)
            {
                continue;
            }

            var (lower, upper) = CurveGeometry.Band(curve);
            if (lower.Days.Length > 1)
            {
                var band = plot.Add.FillY(lower.Days, lower.Values, upper.Values);
                band.FillColor = color.WithAlpha(0.15);
                band.LineWidth = 0;
            }

            var survival = CurveGeometry.Survival(curve);
            var line = plot.Add.ScatterLine(survival.Days, survival.Values, color);
            line.LineWidth = 2;
            line.LegendText = label;
            maxDay = Math.Max(maxDay, survival.Days[^1]);
        }

        plot.Axes.SetLimits(0, maxDay * 1.02, 0, 1.05);
        plot.XLabel("Days since response");
        plot.YLabel("Recurrence-free (95% CI)");
        plot.Title(title);
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    public static string Svg(Plot plot) => plot.GetSvgXml(Width, Height);

    public static byte[] Png(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);
}
