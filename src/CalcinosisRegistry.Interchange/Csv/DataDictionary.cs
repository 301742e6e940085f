using System.Globalization;
using CsvHelper;

namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>
/// <c>data-dictionary.csv</c>: one row per column of every bundle file, with its type, unit, allowed values and
/// range, generated from <see cref="CsvBundleLayout"/> (and through it from the validator's vocabularies and rules).
/// </summary>
public static class DataDictionary
{
    public static readonly IReadOnlyList<string> Header =
        ["file", "column", "json_property", "type", "required", "unit", "allowed_values", "minimum", "maximum", "description"];

    public static void Write(TextWriter output)
    {
        using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var name in Header)
        {
            csv.WriteField(name);
        }

        csv.NextRecord();
        foreach (var file in CsvBundleLayout.Files)
        {
            foreach (var column in file.Columns)
            {
                csv.WriteField(file.Name);
                csv.WriteField(column.Name);
                csv.WriteField(column.JsonName ?? string.Empty);
                csv.WriteField(column.TypeName);
                csv.WriteField(column.Required ? "yes" : "no");
                csv.WriteField(column.Unit ?? string.Empty);
                csv.WriteField(column.AllowedValues is { } values ? string.Join(CsvBundleLayout.ListSeparator, values) : string.Empty);
                csv.WriteField(CsvColumn.FormatLimit(column.Minimum));
                csv.WriteField(CsvColumn.FormatLimit(column.Maximum));
                csv.WriteField(column.Description);
                csv.NextRecord();
            }
        }

        csv.Flush();
    }
}
