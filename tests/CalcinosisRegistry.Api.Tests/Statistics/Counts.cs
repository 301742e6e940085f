using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Api.Tests.Statistics;

/// <summary>
/// The plain counts of one type's statistics (contract section 3), computed by hand from submitted documents or read
/// from a statistics response, so a test can compare the two with <c>==</c>.
/// </summary>
public sealed record Counts(int Cases, int Lesions, int Courses, int Assessed, int Complete, int Partial, int None, int Progression)
{
    public static Counts operator +(Counts left, Counts right) => new(
        left.Cases + right.Cases, left.Lesions + right.Lesions, left.Courses + right.Courses, left.Assessed + right.Assessed,
        left.Complete + right.Complete, left.Partial + right.Partial, left.None + right.None, left.Progression + right.Progression);

    /// <summary>Courses per treatment class (wire name) of the documents.</summary>
    public static IReadOnlyDictionary<string, int> CoursesByClass(IReadOnlyList<CaseDocument> documents) =>
        documents.SelectMany(d => d.Treatments).GroupBy(c => CaseJson.ToWireName(c.Class)).ToDictionary(g => g.Key, g => g.Count());

    public static Counts Read(JsonElement typeStatistics)
    {
        var all = typeStatistics.GetProperty("allTreatments");
        return new Counts(
            typeStatistics.GetProperty("cases").GetInt32(),
            typeStatistics.GetProperty("lesions").GetInt32(),
            typeStatistics.GetProperty("courses").GetInt32(),
            all.GetProperty("assessed").GetInt32(),
            all.GetProperty("complete").GetInt32(),
            all.GetProperty("partial").GetInt32(),
            all.GetProperty("none").GetInt32(),
            all.GetProperty("progression").GetInt32());
    }

    /// <summary>Section 3 by hand: a course's best response is the best of its assessments; one without any is not assessed.</summary>
    public static Counts Of(IReadOnlyList<CaseDocument> documents)
    {
        var courses = documents.SelectMany(d => d.Treatments).ToList();
        var best = courses.Where(c => c.Assessments.Count > 0).Select(c => c.Assessments.Min(a => Rank(a.Response))).ToList();
        return new Counts(
            documents.Count,
            documents.Sum(d => d.Lesions.Count),
            courses.Count,
            best.Count,
            best.Count(r => r == 0),
            best.Count(r => r == 1),
            best.Count(r => r == 2),
            best.Count(r => r == 3));
    }

    private static int Rank(Response response) => response switch
    {
        Response.Complete => 0,
        Response.Partial => 1,
        Response.None => 2,
        _ => 3,
    };
}
