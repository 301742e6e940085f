using System.Text.Json;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Testing;

/// <summary>
/// What the statistics should say about a set of documents, computed in the test from the documents themselves:
/// each case's contribution is added to a fresh tally and summarised, with no grain involved.
/// </summary>
internal static class ExpectedStatistics
{
    public const string AllTypes = "all";

    private static readonly JsonSerializerOptions WireOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Every calcinosis type's wire name, then "all".</summary>
    public static IReadOnlyList<string> AllStatisticsKeys { get; } = [.. CaseJson.WireNames<CalcinosisType>(), AllTypes];

    public static IReadOnlyList<CaseDocument> OfType(IEnumerable<CaseDocument> documents, string typeWireName) =>
        typeWireName == AllTypes
            ? [.. documents]
            : [.. documents.Where(document => CaseJson.ToWireName(document.CalcinosisType) == typeWireName)];

    public static StatisticsTally Tally(IEnumerable<CaseDocument> documents)
    {
        var tally = new StatisticsTally();
        foreach (var document in documents)
        {
            tally.Add(CaseContribution.FromCase(document));
        }

        return tally;
    }

    /// <summary>The summary of <paramref name="typeWireName"/> over the documents of that type among <paramref name="documents"/>, as a JSON tree.</summary>
    public static JsonNode Summary(string typeWireName, IEnumerable<CaseDocument> documents, bool includeCurve) =>
        ToJson(StatisticsSummarizer.Summarize(typeWireName, Tally(OfType(documents, typeWireName)), includeCurve));

    public static JsonNode ToJson(TypeStatistics statistics) =>
        JsonSerializer.SerializeToNode(statistics, WireOptions)
        ?? throw new InvalidOperationException("A summary serialised to null.");

    /// <summary>Null when the two JSON trees are equal, otherwise both texts side by side.</summary>
    public static string? Difference(JsonNode expected, string actualJson)
    {
        var actual = JsonNode.Parse(actualJson);
        return JsonNode.DeepEquals(expected, actual)
            ? null
            : $"expected {expected.ToJsonString()} but the grain serves {actualJson}";
    }
}
