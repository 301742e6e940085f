using System.Text.Json;
using Spectre.Console;

namespace CalcinosisRegistry.Cli;

/// <summary>
/// <c>calcreg stats [type] [--format table|csv|json]</c>. The table has one row per type and treatment class (and
/// "all"), with courses, assessed, responses, the response rate and recurrences; withheld cells show empty. The CSV
/// is the analysts' tidy statistics CSV as the server publishes it (one row per type, class and field, with the
/// disclosure column), for the given type or for each type and "all", with a leading <c>type</c> column.
/// </summary>
public sealed class StatsCommand(RegistryClient client, IAnsiConsole console)
{
    private static readonly string[] Columns =
        ["type", "class", "courses", "assessed", "complete", "partial", "none", "progression", "response_rate", "response_lower", "response_upper", "responders", "recurrences"];

    /// <summary>The types <c>calcreg stats --format csv</c> covers when none is given.</summary>
    private static readonly string[] AllTypes = ["dystrophic", "metastatic", "idiopathic", "iatrogenic", "all"];

    public async Task<int> RunAsync(string? type, string format, CancellationToken cancellationToken)
    {
        if (format == "csv")
        {
            await WriteTidyCsvAsync(type is null ? AllTypes : [type], cancellationToken);
            return 0;
        }

        var path = type is null ? "/api/statistics?curve=false" : $"/api/statistics/types/{Uri.EscapeDataString(type)}?curve=false";
        var statistics = await client.SendJsonAsync(HttpMethod.Get, path, cancellationToken: cancellationToken);
        if (format == "json")
        {
            console.Profile.Out.Writer.WriteLine(statistics.GetRawText());
            return 0;
        }

        var rows = Rows(statistics).ToList();
        var table = new Table().AddColumns(Columns);
        foreach (var row in rows)
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        console.Write(table);
        return 0;
    }

    private async Task WriteTidyCsvAsync(IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        var output = console.Profile.Out.Writer;
        var headerWritten = false;
        foreach (var type in types)
        {
            using var response = await client.SendAsync(HttpMethod.Get, $"/api/statistics/types/{Uri.EscapeDataString(type)}?format=csv&curve=false", cancellationToken: cancellationToken);
            var lines = (await response.Content.ReadAsStringAsync(cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (!headerWritten)
            {
                output.Write("type," + lines[0] + "\n");
                headerWritten = true;
            }

            foreach (var line in lines.Skip(1))
            {
                output.Write(type + "," + line + "\n");
            }
        }
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
