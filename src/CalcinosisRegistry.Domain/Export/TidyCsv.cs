using System.Globalization;
using System.Text;

namespace CalcinosisRegistry.Domain.Export;

/// <summary>
/// The analysts' tidy CSV: one row per figure (or per curve step), always the same columns, so R's
/// <c>read.csv</c> or pandas' <c>read_csv</c> read it with one call:
/// <c>section,group,field,day,value,lower,upper,atRisk,events,censored,disclosure,roundTo</c>.
/// An empty cell is a missing value (null in the JSON, or withheld).
/// </summary>
public sealed class TidyCsv
{
    public const string Header = "section,group,field,day,value,lower,upper,atRisk,events,censored,disclosure,roundTo";

    private readonly StringBuilder _text = new(Header + "\n");
    private readonly string _disclosure;
    private readonly string _roundTo;

    public TidyCsv(string disclosure, int? roundTo)
    {
        _disclosure = disclosure;
        _roundTo = Number(roundTo);
    }

    /// <summary>A figure: a count or a number (<paramref name="value"/>), or an estimate with its interval.</summary>
    public void Figure(string section, string group, string field, double? value, double? lower = null, double? upper = null, int? day = null) =>
        Row(section, group, field, Number(day), Number(value), Number(lower), Number(upper), string.Empty, string.Empty, string.Empty);

    /// <summary>One step of a Kaplan–Meier curve: value is survival, with its interval and the step's counts.</summary>
    public void CurveStep(string group, int day, double survival, double? lower, double? upper, int atRisk, int events, int censored) =>
        Row("curve", group, "survival", Number(day), Number(survival), Number(lower), Number(upper), Number(atRisk), Number(events), Number(censored));

    public override string ToString() => _text.ToString();

    private void Row(params string[] cells)
    {
        for (var index = 0; index < cells.Length; index++)
        {
            if (index > 0)
            {
                _text.Append(',');
            }

            _text.Append(Quote(cells[index]));
        }

        _text.Append(',').Append(_disclosure).Append(',').Append(_roundTo).Append('\n');
    }

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    private static string Number(int? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>RFC 4180 quoting, only where needed (keys and field names are kebab-case and never need it).</summary>
    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n\r") < 0 ? cell : $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
