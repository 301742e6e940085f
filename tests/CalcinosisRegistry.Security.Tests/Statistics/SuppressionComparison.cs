using System.Text.Json;

namespace CalcinosisRegistry.Security.Tests.Statistics;

/// <summary>
/// Compares a type's published (suppressed) statistics with the exact ones, count by count: a count the exact
/// statistics give as 1..k−1 must be null and named in its object's <c>suppressed</c> list; any null count must be
/// named there; any count still published must equal the exact one. Returns every departure, with its path.
/// </summary>
public static class SuppressionComparison
{
    private static readonly HashSet<string> CountNames =
        ["casesIncluded", "cases", "lesions", "courses", "assessed", "complete", "partial", "none", "progression", "responders", "recurrences"];

    public static IReadOnlyList<string> Faults(JsonElement exact, JsonElement published, int k)
    {
        var faults = new List<string>();
        CompareObject(exact, published, "$", k, faults);
        return faults;
    }

    /// <summary>How many exact counts lie in 1..k−1 (the test is only meaningful when there are some).</summary>
    public static int SmallCounts(JsonElement exact, int k)
    {
        var small = 0;
        foreach (var property in exact.EnumerateObject())
        {
            if (CountNames.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Number && property.Value.GetInt32() is var value && value >= 1 && value < k)
            {
                small++;
            }
            else if (property.Value.ValueKind == JsonValueKind.Object && property.Name != "proportion")
            {
                small += SmallCounts(property.Value, k);
            }
            else if (property.Value.ValueKind == JsonValueKind.Array && property.Name == "byTreatment")
            {
                small += property.Value.EnumerateArray().Sum(item => SmallCounts(item, k));
            }
        }

        return small;
    }

    private static void CompareObject(JsonElement exact, JsonElement published, string path, int k, List<string> faults)
    {
        var suppressed = published.TryGetProperty("suppressed", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(item => item.GetString()).ToHashSet()
            : [];
        foreach (var property in exact.EnumerateObject())
        {
            var here = $"{path}.{property.Name}";
            if (!published.TryGetProperty(property.Name, out var publishedValue))
            {
                // Only a withheld curve may be left out, and then it is named as withheld.
                if (property.Name != "curve" || !suppressed.Contains("curve"))
                {
                    faults.Add($"{here} is missing from the published statistics and not named in {path}.suppressed");
                }

                continue;
            }

            if (CountNames.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Number)
            {
                var value = property.Value.GetInt32();
                var isNull = publishedValue.ValueKind == JsonValueKind.Null;
                if (value >= 1 && value < k && !isNull)
                {
                    faults.Add($"{here} = {value} is below k={k} but published as {publishedValue}");
                }
                else if (isNull && !suppressed.Contains(property.Name))
                {
                    faults.Add($"{here} is null but not named in {path}.suppressed");
                }
                else if (!isNull && publishedValue.GetInt32() != value)
                {
                    faults.Add($"{here} is published as {publishedValue}, but the exact value is {value}");
                }
            }
            else if (property.Name is "allTreatments" or "recurrence")
            {
                CompareObject(property.Value, publishedValue, here, k, faults);
            }
            else if (property.Name == "byTreatment")
            {
                var exactItems = property.Value.EnumerateArray().ToList();
                var publishedItems = publishedValue.EnumerateArray().ToList();
                if (exactItems.Count != publishedItems.Count)
                {
                    faults.Add($"{here} has {publishedItems.Count} classes published but {exactItems.Count} exact");
                    continue;
                }

                for (var i = 0; i < exactItems.Count; i++)
                {
                    CompareObject(exactItems[i], publishedItems[i], $"{here}[{i}]", k, faults);
                }
            }
        }
    }
}
