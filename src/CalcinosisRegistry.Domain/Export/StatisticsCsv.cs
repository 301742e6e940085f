using System.Text.Json;

namespace CalcinosisRegistry.Domain.Export;

/// <summary>
/// One calcinosis type's statistics (the JSON of contract section 3, exact, rounded or suppressed) as tidy CSV:
/// section <c>type</c> for its own counts, <c>class</c> for each treatment class and <c>all</c> (group = the class),
/// <c>curve</c> for the curves' steps. Read from the published JSON, so the CSV can never show more than it.
/// </summary>
public static class StatisticsCsv
{
    private static readonly string[] TypeCounts = ["casesIncluded", "cases", "lesions", "courses"];
    private static readonly string[] ClassCounts = ["cases", "courses", "assessed", "complete", "partial", "none", "progression"];

    public static string FromTypeJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var type = document.RootElement;
        var disclosure = type.TryGetProperty("disclosure", out var d) ? d.GetString() ?? "exact" : "exact";
        int? roundTo = type.TryGetProperty("roundTo", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : null;
        var csv = new TidyCsv(disclosure, roundTo);
        var typeName = type.GetProperty("calcinosisType").GetString() ?? string.Empty;
        foreach (var field in TypeCounts)
        {
            csv.Figure("type", typeName, field, NumberOf(type, field));
        }

        foreach (var treatment in type.GetProperty("byTreatment").EnumerateArray().Append(type.GetProperty("allTreatments")))
        {
            WriteGroup(csv, "class", treatment.GetProperty("class").GetString() ?? string.Empty, treatment, ClassCounts);
        }

        return csv.ToString();
    }

    /// <summary>A class's or an analysis group's figures: counts, rates, recurrence and curve.</summary>
    internal static void WriteGroup(TidyCsv csv, string section, string group, JsonElement figures, IEnumerable<string> counts)
    {
        foreach (var field in counts)
        {
            csv.Figure(section, group, field, NumberOf(figures, field));
        }

        WriteProportion(csv, section, group, "responseRate", figures);
        WriteProportion(csv, section, group, "completeResponseRate", figures);
        if (!figures.TryGetProperty("recurrence", out var recurrence) || recurrence.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        csv.Figure(section, group, "recurrence.responders", NumberOf(recurrence, "responders"));
        csv.Figure(section, group, "recurrence.recurrences", NumberOf(recurrence, "recurrences"));
        WriteProportion(csv, section, group, "recurrence.proportion", recurrence, "proportion");
        if (recurrence.TryGetProperty("survivalAt", out var survivalAt) && survivalAt.ValueKind == JsonValueKind.Object)
        {
            foreach (var day in survivalAt.EnumerateObject())
            {
                csv.Figure(section, group, "recurrence.survivalAt", ValueOf(day.Value), day: int.Parse(day.Name, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        csv.Figure(section, group, "recurrence.medianDays", NumberOf(recurrence, "medianDays"));
        if (recurrence.TryGetProperty("curve", out var curve) && curve.ValueKind == JsonValueKind.Array)
        {
            foreach (var step in curve.EnumerateArray())
            {
                csv.CurveStep(group, step.GetProperty("day").GetInt32(), step.GetProperty("survival").GetDouble(),
                    NumberOf(step, "lower"), NumberOf(step, "upper"),
                    step.GetProperty("atRisk").GetInt32(), step.GetProperty("events").GetInt32(), step.GetProperty("censored").GetInt32());
            }
        }
    }

    private static void WriteProportion(TidyCsv csv, string section, string group, string field, JsonElement parent, string? member = null)
    {
        if (parent.TryGetProperty(member ?? field, out var proportion) && proportion.ValueKind == JsonValueKind.Object)
        {
            csv.Figure(section, group, field, NumberOf(proportion, "estimate"), NumberOf(proportion, "lower"), NumberOf(proportion, "upper"));
        }
    }

    internal static double? NumberOf(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) ? ValueOf(value) : null;

    private static double? ValueOf(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
