using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;
using CalcinosisRegistry.Domain.Synthetic;
using Xunit.Abstractions;

namespace CalcinosisRegistry.Domain.Tests.Statistics.Disclosure;

/// <summary>
/// How far the rounded curve strays from the exact one on the demo cohort (400 synthetic cases, the Silo's
/// <c>--demo</c>): for every type × class curve, the largest absolute survival difference at any day the rounded
/// curve covers. The figures are written to the test output and reported in docs/analyses.md.
/// </summary>
public sealed class RoundedCurveDeviationTests(ITestOutputHelper output)
{
    [Fact]
    public void OnTheDemoCohortTheRoundedCurvesStayCloseToTheExactOnes()
    {
        var contributions = SyntheticCohort.Generate(400).Select(item => CaseContribution.FromCase(item.Document)).ToArray();
        var deviations = new List<(string Curve, double Deviation, int ExactSteps, int RoundedSteps)>();
        foreach (var type in Enum.GetValues<CalcinosisType>().Select(type => (CalcinosisType?)type).Append(null))
        {
            var tally = TestCases.TallyOf([.. contributions.Where(c => type is null || c.Type == type)]);
            var name = type is { } t ? CaseJson.ToWireName(t) : "all";
            var exact = StatisticsSummarizer.Summarize(name, tally, includeCurve: true);
            foreach (var treatment in exact.ByTreatment.Append(exact.AllTreatments))
            {
                var exactCurve = treatment.Recurrence.Curve!;
                var rounded = RoundedDisclosure.Curve(exactCurve, RoundedDisclosure.DefaultRoundTo);
                if (rounded.Count == 0)
                {
                    continue;
                }

                var deviation = exactCurve.Select(step => step.Day).Where(day => day <= rounded[^1].Day)
                    .Max(day => Math.Abs(KaplanMeierCurve.SurvivalAt(exactCurve, day)!.Value - KaplanMeierCurve.SurvivalAt(rounded, day)!.Value));
                deviations.Add(($"{name}/{treatment.Class}", deviation, exactCurve.Count, rounded.Count));
            }
        }

        foreach (var (curve, deviation, exactSteps, roundedSteps) in deviations.OrderByDescending(d => d.Deviation))
        {
            output.WriteLine($"{curve,-40} max |S - S_rounded| = {deviation:0.000}  steps {exactSteps} -> {roundedSteps}");
        }

        var all = deviations.Single(d => d.Curve == "all/all");
        output.WriteLine($"curves: {deviations.Count}, median deviation {deviations.Select(d => d.Deviation).Order().ElementAt(deviations.Count / 2):0.000}");
        Assert.True(all.Deviation < 0.05, $"all types, all classes: {all.Deviation}");
        Assert.All(deviations, d => Assert.True(d.Deviation < 0.4, $"{d.Curve}: {d.Deviation}"));
    }
}
