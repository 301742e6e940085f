using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;

namespace CalcinosisRegistry.Domain.Tests.Statistics.Disclosure;

/// <summary>Builds published sets (four types plus "all") from case contributions, by hand or at random.</summary>
internal static class DisclosureScenarios
{
    public static CourseOutcome Unassessed(TreatmentClass treatmentClass) => new(treatmentClass, BestResponse: null, Recurrence: null);

    public static CourseOutcome NotResponding(TreatmentClass treatmentClass, Response response) => new(treatmentClass, response, Recurrence: null);

    public static CourseOutcome Responding(TreatmentClass treatmentClass, Response response, int days, bool recurred) =>
        new(treatmentClass, response, new RecurrenceObservation(days, recurred));

    public static CaseContribution OneCase(CalcinosisType type, params CourseOutcome[] courses) => new(type, Lesions: 1, courses);

    /// <summary><paramref name="count"/> copies of one case.</summary>
    public static IEnumerable<CaseContribution> Copies(int count, CalcinosisType type, params CourseOutcome[] courses) =>
        Enumerable.Range(0, count).Select(_ => OneCase(type, courses));

    /// <summary>A random registry (as <see cref="RandomRegistry"/>) spread at random over <paramref name="siteCount"/> sites.</summary>
    public static IEnumerable<(string Site, CaseContribution Contribution)> RandomSites(int seed, int siteCount)
    {
        var random = new Random(seed + 1_000);
        return [.. RandomRegistry(seed).Select(contribution => ($"site-{(char)('a' + random.Next(siteCount))}", contribution))];
    }

    /// <summary>
    /// A random registry: types of very different sizes, a few popular classes and some rare ones, so that small
    /// cells appear at every level. Times are coarse (multiples of 30 days) so that some curves have big steps.
    /// </summary>
    public static IEnumerable<CaseContribution> RandomRegistry(int seed)
    {
        var random = new Random(seed);
        var classes = Enum.GetValues<TreatmentClass>();
        var types = Enum.GetValues<CalcinosisType>();
        var cases = new List<CaseContribution>();
        foreach (var type in types)
        {
            var caseCount = random.Next(4) switch { 0 => random.Next(0, 4), 1 => random.Next(3, 10), _ => random.Next(8, 40) };
            for (var caseNumber = 0; caseNumber < caseCount; caseNumber++)
            {
                var courses = Enumerable.Range(0, random.Next(4) == 0 ? 0 : random.Next(1, 4))
                    .Select(_ => RandomCourse(random, random.Next(3) == 0 ? classes[random.Next(classes.Length)] : classes[random.Next(2)]))
                    .ToArray();
                cases.Add(new CaseContribution(type, random.Next(1, 4), courses));
            }
        }

        return cases;
    }

    private static CourseOutcome RandomCourse(Random random, TreatmentClass treatmentClass)
    {
        var roll = random.Next(10);
        return roll switch
        {
            0 or 1 => Unassessed(treatmentClass),
            2 => NotResponding(treatmentClass, Response.None),
            3 => NotResponding(treatmentClass, Response.Progression),
            _ => Responding(
                treatmentClass,
                roll < 7 ? Response.Complete : Response.Partial,
                days: 30 * random.Next(0, 8),
                recurred: random.Next(3) == 0),
        };
    }
}
