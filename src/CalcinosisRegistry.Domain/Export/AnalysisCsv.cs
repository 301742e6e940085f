using System.Text.Json;
using CalcinosisRegistry.Domain.Analyses;

namespace CalcinosisRegistry.Domain.Export;

/// <summary>
/// An analysis as tidy CSV: section <c>cohort</c> (casesIncluded, coursesIncluded), <c>group</c> per group
/// (a withheld group is one row, field <c>tooFew</c>, value 1), <c>curve</c> per curve step, and <c>logRank</c>
/// (groups, chiSquare, df, pValue; observed and expected per group in exact answers).
/// </summary>
public static class AnalysisCsv
{
    private static readonly string[] GroupCounts = ["cases", "courses", "assessed", "complete", "partial", "none", "progression"];

    public static string From(AnalysisResult result, JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new TidyCsv(result.Disclosure, result.RoundTo);
        csv.Figure("cohort", string.Empty, "casesIncluded", result.CasesIncluded);
        csv.Figure("cohort", string.Empty, "coursesIncluded", result.CoursesIncluded);
        foreach (var group in result.Groups)
        {
            if (group.TooFew == true)
            {
                csv.Figure("group", group.Key, "tooFew", 1);
                continue;
            }

            StatisticsCsv.WriteGroup(csv, "group", group.Key, JsonSerializer.SerializeToElement(group, json), GroupCounts);
        }

        if (result.LogRank is { } test)
        {
            csv.Figure("logRank", string.Empty, "groups", test.Groups);
            csv.Figure("logRank", string.Empty, "chiSquare", test.ChiSquare);
            csv.Figure("logRank", string.Empty, "df", test.Df);
            csv.Figure("logRank", string.Empty, "pValue", test.PValue);
            var taking = result.Groups.Where(group => group.Recurrence?.Responders > 0).Select(group => group.Key).ToArray();
            for (var index = 0; index < (test.Observed?.Count ?? 0) && index < taking.Length; index++)
            {
                csv.Figure("logRank", taking[index], "observed", test.Observed![index]);
                csv.Figure("logRank", taking[index], "expected", test.Expected![index]);
            }
        }

        return csv.ToString();
    }
}
