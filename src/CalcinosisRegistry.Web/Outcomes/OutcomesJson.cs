using System.Text.Json;

namespace CalcinosisRegistry.Web.Outcomes;

/// <summary>
/// Reads the statistics JSON the API sends (contract section 3, exact or disclosure-controlled) into the page's model.
/// It reads what is there: a withheld count is null, and the disclosure marker comes from the document when it
/// carries one, otherwise from who is asking.
/// </summary>
public static class OutcomesJson
{
    public static TypeOutcomes Read(string json, bool callerSeesExact, int? suppressionK)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var classes = root.TryGetProperty("byTreatment", out var byTreatment) && byTreatment.ValueKind == JsonValueKind.Array
            ? byTreatment.EnumerateArray().Select(ReadClass).ToList()
            : [];
        return new TypeOutcomes(
            String(root, "calcinosisType") ?? "all",
            Int(root, "casesIncluded"),
            Int(root, "cases"),
            Int(root, "courses"),
            classes,
            ReadClass(root.GetProperty("allTreatments")),
            MarkOf(root, callerSeesExact, suppressionK));
    }

    private static DisclosureMark MarkOf(JsonElement root, bool callerSeesExact, int? suppressionK) => String(root, "disclosure") switch
    {
        "exact" => DisclosureMark.Exact,
        "rounded" => DisclosureMark.Rounded(Int(root, "roundTo")),
        "suppressed" => DisclosureMark.Suppressed(Int(root, "k") ?? suppressionK),
        _ => callerSeesExact ? DisclosureMark.Exact : DisclosureMark.Suppressed(Int(root, "k") ?? suppressionK),
    };

    private static ClassOutcome ReadClass(JsonElement element)
    {
        var recurrence = element.TryGetProperty("recurrence", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        var suppressed = new HashSet<string>(StringComparer.Ordinal);
        AddNames(element, suppressed, prefix: "");
        var survival = new Dictionary<string, double?>(StringComparer.Ordinal);
        IReadOnlyList<CurvePoint>? curve = null;
        if (recurrence.ValueKind == JsonValueKind.Object)
        {
            AddNames(recurrence, suppressed, prefix: "recurrence.");
            if (recurrence.TryGetProperty("survivalAt", out var at) && at.ValueKind == JsonValueKind.Object)
            {
                foreach (var day in at.EnumerateObject())
                {
                    survival[day.Name] = day.Value.ValueKind == JsonValueKind.Number ? day.Value.GetDouble() : null;
                }
            }

            if (recurrence.TryGetProperty("curve", out var steps) && steps.ValueKind == JsonValueKind.Array)
            {
                curve = [.. steps.EnumerateArray().Select(step => new CurvePoint(
                    step.GetProperty("day").GetInt32(), Int(step, "atRisk"), Int(step, "events"), Int(step, "censored"),
                    step.GetProperty("survival").GetDouble(), Double(step, "lower"), Double(step, "upper")))];
            }
        }

        return new ClassOutcome(
            String(element, "class") ?? "all",
            Int(element, "cases"),
            Int(element, "courses"),
            Int(element, "assessed"),
            Int(element, "complete"),
            RateOf(element, "responseRate"),
            RateOf(element, "completeResponseRate"),
            recurrence.ValueKind == JsonValueKind.Object ? Int(recurrence, "responders") : null,
            recurrence.ValueKind == JsonValueKind.Object ? Int(recurrence, "recurrences") : null,
            survival,
            recurrence.ValueKind == JsonValueKind.Object ? Int(recurrence, "medianDays") : null,
            curve,
            suppressed);
    }

    private static void AddNames(JsonElement element, HashSet<string> names, string prefix)
    {
        if (element.TryGetProperty("suppressed", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in list.EnumerateArray())
            {
                names.Add(prefix + name.GetString());
            }
        }
    }

    private static Rate RateOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var rate) && rate.ValueKind == JsonValueKind.Object
            ? new Rate(Double(rate, "estimate"), Double(rate, "lower"), Double(rate, "upper"))
            : new Rate(null, null, null);

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static double? Double(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
