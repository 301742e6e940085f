using System.Globalization;
using System.Text;

namespace CalcinosisRegistry.Web.Outcomes;

/// <summary>How the analyst's pages write figures: withheld or missing ones as —, and a drawn figure as a data: image.</summary>
public static class FigureText
{
    public static string Count(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "—";

    public static string Fraction(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "—";

    public static string Percent(Rate rate) => rate.Estimate is { } e
        ? string.Create(CultureInfo.InvariantCulture, $"{e * 100:0.0}% ({(rate.Lower ?? 0) * 100:0.0}–{(rate.Upper ?? 0) * 100:0.0})")
        : "—";

    public static string Median(int? days) => days?.ToString(CultureInfo.InvariantCulture) ?? "not reached";

    public static string SvgDataUri(string svg) => "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
}
