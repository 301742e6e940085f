using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;
using CalcinosisRegistry.Domain.Synthetic;

namespace CalcinosisRegistry.Domain.Tests.Statistics.Disclosure;

/// <summary>
/// The across-time attack under rounding, on whole published statistics: a researcher plants one case and compares
/// every published count of the demo cohort before and after. A published count moves only where the exact count sat
/// at its band's upper edge (a multiple of m), and every count that stays is still consistent with several exact
/// values, so the plant reveals at most that a count sat at a band's edge.
/// </summary>
public sealed class PlantedCaseTests
{
    private const int M = 6;

    [Fact]
    public void APlantedCaseMovesOnlyCountsThatSatAtTheirBandsEdge()
    {
        var cohort = SyntheticCohort.Generate(400).Select(item => CaseContribution.FromCase(item.Document)).ToList();
        var planted = new CaseContribution(CalcinosisType.Dystrophic, Lesions: 1,
            [new CourseOutcome(TreatmentClass.Surgery, Response.Complete, new RecurrenceObservation(100, Recurred: false))]);

        var before = Counts(cohort);
        var after = Counts([.. cohort, planted]);

        Assert.Contains(before.Keys, name => after[name].Exact == before[name].Exact + 1);
        foreach (var name in before.Keys)
        {
            var ((exact, publishedBefore), (exactAfter, publishedAfter)) = (before[name], after[name]);
            var added = exactAfter - exact;

            // The exact values a reader who knows what was planted cannot tell apart from the true one.
            var consistent = Enumerable.Range(0, exact + (2 * M)).Where(candidate =>
                RoundedDisclosure.Count(candidate, M) == publishedBefore && RoundedDisclosure.Count(candidate + added, M) == publishedAfter).ToArray();
            Assert.Contains(exact, consistent);
            if (publishedBefore != publishedAfter)
            {
                Assert.True(exact % M == 0, $"{name} moved from {exact}, which is not at a band's edge");
                Assert.Equal([exact], consistent);
            }
            else if (exact > 0)
            {
                Assert.Equal(added == 0 ? M : M - 1, consistent.Length);
            }
        }
    }

    /// <summary>The type-level and class counts of the dystrophic type and of all types: exact and as published.</summary>
    private static Dictionary<string, (int Exact, int Published)> Counts(IReadOnlyList<CaseContribution> contributions)
    {
        var counts = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var (name, type) in new[] { ("dystrophic", (CalcinosisType?)CalcinosisType.Dystrophic), ("all", null) })
        {
            var exact = StatisticsSummarizer.Summarize(name, TestCases.TallyOf([.. contributions.Where(c => type is null || c.Type == type)]), includeCurve: true);
            var published = RoundedDisclosure.Type(exact, M, includeCurve: true);
            counts[$"{name}/cases"] = (exact.Cases, published.Cases);
            counts[$"{name}/courses"] = (exact.Courses, published.Courses);
            foreach (var (real, shown) in exact.ByTreatment.Append(exact.AllTreatments).Zip(published.ByTreatment.Append(published.AllTreatments)))
            {
                counts[$"{name}/{real.Class}/courses"] = (real.Courses, shown.Courses);
                counts[$"{name}/{real.Class}/complete"] = (real.Complete, shown.Complete);
                counts[$"{name}/{real.Class}/responders"] = (real.Recurrence.Responders, shown.Recurrence.Responders);
            }
        }

        return counts;
    }
}
