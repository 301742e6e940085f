using System.Globalization;

namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>
/// One column of a bundle file. <see cref="JsonName"/> is the case document property it fills (null for the key
/// columns that only say which case, lesion or course a row belongs to).
/// </summary>
public sealed record CsvColumn(
    string Name,
    string? JsonName,
    CsvColumnKind Kind,
    bool Required,
    string Description,
    string? Unit = null,
    IReadOnlyList<string>? AllowedValues = null,
    double? Minimum = null,
    double? Maximum = null)
{
    public string TypeName => Kind switch
    {
        CsvColumnKind.Identifier => "identifier",
        CsvColumnKind.WholeNumber => "integer",
        CsvColumnKind.Number => "number",
        CsvColumnKind.Boolean => "boolean",
        CsvColumnKind.Code => "code",
        CsvColumnKind.CodeList => "code list (;-separated)",
        CsvColumnKind.IdentifierList => "identifier list (;-separated)",
        _ => "text",
    };

    public static string FormatLimit(double? limit) =>
        limit is double value ? value.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
}
