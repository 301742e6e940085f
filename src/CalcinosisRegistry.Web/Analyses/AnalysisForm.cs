using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;

namespace CalcinosisRegistry.Web.Analyses;

/// <summary>
/// The analysis builder's inputs, written as the body of <c>POST /api/analyses</c>: an empty list or blank bound is
/// left out (it does not filter), so the API's own reader checks what the user chose and names faults by path.
/// </summary>
public sealed class AnalysisForm
{
    public static readonly string[] Comparisons = ["treatment-class", "calcinosis-type", "sex", "site", "age-band", "none"];

    public List<string> CalcinosisTypes { get; } = [];
    public List<string> UnderlyingConditions { get; } = [];
    public List<string> Sex { get; } = [];
    public List<string> TreatmentClasses { get; } = [];
    public string Sites { get; set; } = "";
    public int? AgeMin { get; set; }
    public int? AgeMax { get; set; }
    public int? YearMin { get; set; }
    public int? YearMax { get; set; }
    /// <summary>Null leaves <c>compare</c> out: the API's default, one group of all courses.</summary>
    public string? Compare { get; set; } = "treatment-class";

    public byte[] Body()
    {
        var filter = new JsonObject();
        AddList(filter, "calcinosisTypes", CalcinosisTypes);
        AddList(filter, "underlyingConditions", UnderlyingConditions);
        AddList(filter, "sex", Sex);
        AddRange(filter, "ageAtOnset", AgeMin, AgeMax);
        AddRange(filter, "diagnosisYear", YearMin, YearMax);
        AddList(filter, "sites", [.. Sites.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
        AddList(filter, "treatmentClasses", TreatmentClasses);
        return Encoding.UTF8.GetBytes(new JsonObject { ["filter"] = filter, ["compare"] = Compare }.ToJsonString());
    }

    /// <summary>The body carried in a download link's query (base64url), so the download runs the same analysis.</summary>
    public static string ToQuery(byte[] body) => Base64Url.EncodeToString(body);

    public static byte[]? FromQuery(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return null;
        }

        try
        {
            return Base64Url.DecodeFromChars(query);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void AddList(JsonObject filter, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            filter[name] = new JsonArray([.. values.Select(value => JsonValue.Create(value))]);
        }
    }

    private static void AddRange(JsonObject filter, string name, int? min, int? max)
    {
        if (min is null && max is null)
        {
            return;
        }

        var range = new JsonObject();
        if (min is { } low)
        {
            range["min"] = low;
        }

        if (max is { } high)
        {
            range["max"] = high;
        }

        filter[name] = range;
    }
}
