using System.Globalization;
using System.Text;

namespace CalcinosisRegistry.Web.Outcomes;

/// <summary>The analyst page's tables as CSV, the same rows and columns as on screen; withheld figures are empty cells.</summary>
public static class OutcomeTables
{
    public static readonly string[] Names = ["rates", "survival", "at-risk"];

    public static string Csv(TypeOutcomes outcomes, string table) => table switch
    {
        "rates" => Rates(outcomes),
        "survival" => Survival(outcomes),
        "at-risk" => AtRisk(outcomes),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Not a table of the outcomes page."),
    };

    public static IEnumerable<ClassOutcome> Rows(TypeOutcomes outcomes) => outcomes.Classes.Append(outcomes.AllTreatments);

    private static string Rates(TypeOutcomes outcomes)
    {
        var csv = Header("type,class,cases,courses,assessed,complete,response_rate,response_lower,response_upper,complete_rate,complete_lower,complete_upper,disclosure");
        foreach (var row in Rows(outcomes))
        {
            Line(csv, outcomes.CalcinosisType, row.Class, row.Cases, row.Courses, row.Assessed, row.Complete,
                row.ResponseRate.Estimate, row.ResponseRate.Lower, row.ResponseRate.Upper,
                row.CompleteResponseRate.Estimate, row.CompleteResponseRate.Lower, row.CompleteResponseRate.Upper, outcomes.Disclosure.Kind);
        }

        return csv.ToString();
    }

    private static string Survival(TypeOutcomes outcomes)
    {
        var csv = Header("type,class,responders,recurrences,survival_180,survival_365,survival_730,median_days,disclosure");
        foreach (var row in Rows(outcomes))
        {
            Line(csv, outcomes.CalcinosisType, row.Class, row.Responders, row.Recurrences,
                row.SurvivalAt.GetValueOrDefault("180"), row.SurvivalAt.GetValueOrDefault("365"), row.SurvivalAt.GetValueOrDefault("730"),
                row.MedianDays, outcomes.Disclosure.Kind);
        }

        return csv.ToString();
    }

    private static string AtRisk(TypeOutcomes outcomes)
    {
        var csv = Header("type,class," + string.Join(',', CurveGeometry.AtRiskDays.Select(d => $"at_risk_day_{d}")) + ",disclosure");
        foreach (var row in Rows(outcomes).Where(r => r.Curve is not null))
        {
            Line(csv, [outcomes.CalcinosisType, row.Class, .. CurveGeometry.AtRiskDays.Select(d => (object?)CurveGeometry.AtRisk(row.Curve!, d)), outcomes.Disclosure.Kind]);
        }

        return csv.ToString();
    }

    private static StringBuilder Header(string columns) => new StringBuilder(columns).Append('\n');

    private static void Line(StringBuilder csv, params object?[] cells)
    {
        csv.AppendJoin(',', cells.Select(Cell)).Append('\n');
    }

    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s when s.IndexOfAny([',', '"', '\n']) >= 0 => $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"",
        _ => value.ToString() ?? string.Empty,
    };
}
