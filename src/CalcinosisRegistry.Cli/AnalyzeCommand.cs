using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace CalcinosisRegistry.Cli;

/// <summary>
/// <c>calcreg analyze</c>: a cohort comparison (<c>POST /api/analyses</c>). The body is built from the options (or
/// read from <c>--request FILE</c>, whose members the options then override) and judged by the server, so a bad
/// value is told with the problem document's own words. Output: a table of the groups and the log-rank test, the
/// server's JSON, or its tidy CSV (with the disclosure column), as the server published them.
/// </summary>
public sealed class AnalyzeCommand(RegistryClient client, IAnsiConsole console)
{
    private static readonly string[] Columns =
        ["group", "cases", "courses", "assessed", "complete", "partial", "none", "progression", "response (95% CI)", "recurrences"];

    public async Task<int> RunAsync(AnalysisOptions options, string format, CancellationToken cancellationToken)
    {
        var body = await BodyAsync(options, cancellationToken);
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        if (format == "csv")
        {
            using var response = await client.SendAsync(HttpMethod.Post, "/api/analyses?format=csv", content, cancellationToken);
            console.Profile.Out.Writer.Write(await response.Content.ReadAsStringAsync(cancellationToken));
            return 0;
        }

        var result = await client.SendJsonAsync(HttpMethod.Post, "/api/analyses", content, cancellationToken);
        if (format == "json")
        {
            console.Profile.Out.Writer.WriteLine(result.GetRawText());
            return 0;
        }

        console.MarkupLine(Markup.Escape(
            $"{Number(result, "casesIncluded")} cases, {Number(result, "coursesIncluded")} courses; compared by {Text(result, "compare")}; disclosure: {Text(result, "disclosure")}"
            + (result.TryGetProperty("roundTo", out var roundTo) ? $" (rounded to {roundTo.GetRawText()})" : string.Empty)));
        // The group's key is never wrapped: a narrow terminal squeezes the figures instead.
        var table = new Table().AddColumns([new TableColumn(Columns[0]).NoWrap(), .. Columns.Skip(1).Select(c => new TableColumn(c))]);
        foreach (var group in result.GetProperty("groups").EnumerateArray())
        {
            table.AddRow([.. Row(group).Select(Markup.Escape)]);
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(result.TryGetProperty("logRank", out var test) && test.ValueKind == JsonValueKind.Object
            ? $"log-rank: chi-square {Number(test, "chiSquare")}, df {Number(test, "df")}, p {Number(test, "pValue")} over {Number(test, "groups")} groups"
            : "log-rank: not computed (fewer than two groups with responders, or no recurrence)"));
        return 0;
    }

    private static async Task<JsonObject> BodyAsync(AnalysisOptions options, CancellationToken cancellationToken)
    {
        JsonObject body;
        if (options.RequestFile is { } file)
        {
            if (!File.Exists(file))
            {
                throw new CliException($"There is no request file {file}.");
            }

            try
            {
                body = JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken)) as JsonObject
                    ?? throw new CliException($"{file} does not hold a JSON object (an analysis request).");
            }
            catch (JsonException exception)
            {
                throw new CliException($"{file} is not JSON: {exception.Message}");
            }
        }
        else
        {
            body = [];
        }

        var filter = body["filter"] as JsonObject ?? [];
        void Set(string name, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                filter[name] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]);
            }
        }

        Set("calcinosisTypes", options.Types);
        Set("underlyingConditions", options.Conditions);
        Set("sex", options.Sexes);
        Set("sites", options.Sites);
        Set("treatmentClasses", options.Classes);
        if (filter.Count > 0)
        {
            body["filter"] = filter;
        }

        if (options.Compare is { } compare)
        {
            body["compare"] = compare;
        }

        return body;
    }

    private static IEnumerable<string> Row(JsonElement group)
    {
        var key = Text(group, "key");
        if (group.TryGetProperty("tooFew", out var tooFew) && tooFew.ValueKind == JsonValueKind.True)
        {
            return [key, "too few", .. Enumerable.Repeat(string.Empty, Columns.Length - 2)];
        }

        var rate = group.TryGetProperty("responseRate", out var r) ? r : default;
        var recurrence = group.TryGetProperty("recurrence", out var rec) ? rec : default;
        return
        [
            key, Number(group, "cases"), Number(group, "courses"), Number(group, "assessed"), Number(group, "complete"),
            Number(group, "partial"), Number(group, "none"), Number(group, "progression"),
            Number(rate, "estimate") is { Length: > 0 } estimate ? $"{estimate} ({Number(rate, "lower")}–{Number(rate, "upper")})" : string.Empty,
            Number(recurrence, "recurrences"),
        ];
    }

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : string.Empty;

    private static string Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetRawText()
            : string.Empty;
}
