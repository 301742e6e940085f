using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Domain.Cases;
using CsvHelper;

namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>
/// Writes case documents as a CSV bundle, one file per <see cref="CsvBundleLayout.Files"/> entry, each to its own
/// text writer (UTF-8, RFC 4180 quoting, CRLF). Cells are read from the document's contract JSON through the same
/// layout the reader uses, so export → import gives the same document back.
/// </summary>
public sealed class CsvBundleWriter : IAsyncDisposable
{
    private readonly Dictionary<CsvBundleFile, CsvWriter> _writers = [];

    public CsvBundleWriter(Func<CsvBundleFile, TextWriter> open)
    {
        foreach (var file in CsvBundleLayout.Files)
        {
            var writer = new CsvWriter(open(file), CultureInfo.InvariantCulture);
            foreach (var column in file.Columns)
            {
                writer.WriteField(column.Name);
            }

            writer.NextRecord();
            _writers[file] = writer;
        }
    }

    /// <summary>UTF-8 without a byte order mark, as RFC 4180 tools and R's <c>read.csv</c> expect.</summary>
    public static Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public void Write(CaseDocument document)
    {
        var root = JsonSerializer.SerializeToNode(document, CaseJson.Options)!.AsObject();
        foreach (var (file, writer) in _writers)
        {
            foreach (var (item, ownerId) in CsvBundleItems.RowsOf(file, root))
            {
                foreach (var column in file.Columns)
                {
                    writer.WriteField(Cell(column, item, root, ownerId));
                }

                writer.NextRecord();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var writer in _writers.Values)
        {
            await writer.DisposeAsync();
        }
    }

    private static string Cell(CsvColumn column, JsonObject item, JsonObject root, string? ownerId)
    {
        if (column.JsonName is null)
        {
            return column.Name == CsvBundleLayout.CaseIdColumn ? root["caseId"]!.GetValue<string>() : ownerId ?? string.Empty;
        }

        return Format(column, item[column.JsonName]);
    }

    private static string Format(CsvColumn column, JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonArray list => string.Join(CsvBundleLayout.ListSeparator, list.Select(entry => entry!.GetValue<string>())),
        _ => column.Kind switch
        {
            CsvColumnKind.Number => value.GetValue<double>().ToString("R", CultureInfo.InvariantCulture),
            CsvColumnKind.WholeNumber => value.GetValue<int>().ToString(CultureInfo.InvariantCulture),
            CsvColumnKind.Boolean => value.GetValue<bool>() ? "true" : "false",
            _ => value.GetValue<string>(),
        },
    };
}
