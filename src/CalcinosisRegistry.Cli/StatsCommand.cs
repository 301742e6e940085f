using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Spectre.Console;

namespace CalcinosisRegistry.Cli;

/// <summary>
/// <c>calcreg stats [type] [--format table|csv|json]</c>: one row per type and treatment class (and "all"), with
/// courses, assessed, responses, the response rate and recurrences. Suppressed cells (non-admin callers) show empty.
/// </summary>
public sealed class StatsCommand(RegistryClient client, IAnsiConsole console)
{
    private static readonly string[] Columns =
        ["type", "class", "courses", "assessed", "complete", "partial", "none", "progression", "response_rate", "response_lower", "response_upper", "responders", "recurrences"];

    public async Task<int> RunAsync(string? type, string format, CancellationToken cancellationToken)
    {
        var path = type is null ? "/api/statistics?curve=false" : $"/api/statistics/types/{Uri.EscapeDataString(type)}?curve=false";
        var statistics = await client.SendJsonAsync(HttpMethod.Get, path, cancellationToken: cancellationToken);
        if (format == "json")
        {
            console.Profile.Out.Writer.WriteLine(statistics.GetRawText());
            return 0;
        }

        var rows = Rows(statistics).ToList();
        if (format == "csv")
        {
            using var csv = new CsvWriter(console.Profile.Out.Writer, CultureInfo.InvariantCulture, leaveOpen: true);
            foreach (var column in Columns)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var cell in row)
                {
                    csv.WriteField(cell);
                }

                csv.NextRecord();
            }

            return 0;
        }

        var table = new Table().AddColumns(Columns);
        foreach (var row in rows)
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        console.Write(table);
        return 0;
    }

    private static IEnumerable<string[]> Rows(JsonElement statistics)
    {
        var types = statistics.TryGetProperty("types", out var list)
            ? list.EnumerateArray().Append(statistics.GetProperty("allTypes"))
            : [statistics];
        foreach (var summary in types)
        {
            var typeName = summary.TryGetProperty("calcinosisType", out var t) ? t.GetString() ?? "all" : "all";
            var classes = summary.TryGetProperty("byTreatment", out var byTreatment) ? byTreatment.EnumerateArray().ToList() : [];
            if (summary.TryGetProperty("allTreatments", out var all))
            {
                classes.Add(all);
            }

            foreach (var entry in classes)
            {
                var rate = entry.TryGetProperty("responseRate", out var r) ? r : default;
                var recurrence = entry.TryGetProperty("recurrence", out var rec) ? rec : default;
                yield return
                [
                    typeName, Cell(entry, "class"), Cell(entry, "courses"), Cell(entry, "assessed"), Cell(entry, "complete"),
                    Cell(entry, "partial"), Cell(entry, "none"), Cell(entry, "progression"),
                    Cell(rate, "estimate"), Cell(rate, "lower"), Cell(rate, "upper"),
                    Cell(recurrence, "responders"), Cell(recurrence, "recurrences"),
                ];
            }
        }
    }

    private static string Cell(JsonElement element, string name) =>
        element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) ? string.Empty : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            _ => string.Empty,
        };
}
