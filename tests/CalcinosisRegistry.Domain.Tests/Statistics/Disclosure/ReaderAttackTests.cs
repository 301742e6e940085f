using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;
using static CalcinosisRegistry.Domain.Tests.Statistics.Disclosure.DisclosureScenarios;
using static CalcinosisRegistry.Testing.LinkedStatisticsViews;

namespace CalcinosisRegistry.Domain.Tests.Statistics.Disclosure;

/// <summary>
/// Tries to reconstruct every withheld cell from everything published (see <see cref="ReaderAttack"/>) and fails the
/// test when any is recovered exactly.
/// </summary>
public sealed class ReaderAttackTests
{
    public static TheoryData<string, int> HandMadeTables()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in HandMade.Keys)
        {
            data.Add(name, 3);
            data.Add(name, 5);
        }

        return data;
    }

    public static TheoryData<int, int> RandomTables()
    {
        var data = new TheoryData<int, int>();
        for (var seed = 0; seed < 25; seed++)
        {
            data.Add(seed, 3);
            data.Add(seed, 5);
        }

        return data;
    }

    private static readonly Dictionary<string, Func<IEnumerable<CaseContribution>>> HandMade = new(StringComparer.Ordinal)
    {
        // Complete 1 and partial 1 next to none 10: the two must not be read off as 1 each (they add up to 2).
        ["two singletons in one class"] = () =>
            Copies(1, CalcinosisType.Dystrophic, Responding(TreatmentClass.Surgery, Response.Complete, 60, recurred: false))
                .Concat(Copies(1, CalcinosisType.Dystrophic, Responding(TreatmentClass.Surgery, Response.Partial, 90, recurred: true)))
                .Concat(Copies(10, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.Surgery, Response.None)))
                .Concat(Copies(8, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.TopicalSteroid, Response.None))),
        ["one rare class in one type"] =
            () => Copies(20, CalcinosisType.Dystrophic, Responding(TreatmentClass.Surgery, Response.Complete, 100, recurred: false))
                .Concat(Copies(2, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.Bisphosphonate, Response.None)))
                .Concat(Copies(15, CalcinosisType.Metastatic, NotResponding(TreatmentClass.Surgery, Response.None))),
        ["a small type with one class"] = () =>
            Copies(3, CalcinosisType.Idiopathic, NotResponding(TreatmentClass.Surgery, Response.Progression))
                .Concat(Copies(12, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.Surgery, Response.None)))
                .Concat(Copies(9, CalcinosisType.Metastatic, Unassessed(TreatmentClass.Surgery))),
        ["cases without courses"] = () =>
            Copies(12, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.Surgery, Response.None))
                .Concat(Copies(2, CalcinosisType.Dystrophic)),
        ["a single case in a type"] = () =>
            Copies(1, CalcinosisType.Iatrogenic, Responding(TreatmentClass.SodiumThiosulfate, Response.Partial, 30, recurred: true))
                .Concat(Copies(11, CalcinosisType.Dystrophic, Responding(TreatmentClass.SodiumThiosulfate, Response.Complete, 30, recurred: false)))
                .Concat(Copies(7, CalcinosisType.Metastatic, NotResponding(TreatmentClass.SodiumThiosulfate, Response.None))),
        ["a few unassessed courses"] = () =>
            Copies(8, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.Surgery, Response.None))
                .Concat(Copies(2, CalcinosisType.Dystrophic, Unassessed(TreatmentClass.Surgery))),
        ["cases with several classes"] = () =>
            Copies(6, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.Surgery, Response.None), NotResponding(TreatmentClass.TopicalSteroid, Response.None))
                .Concat(Copies(1, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.Surgery, Response.None))),
        ["few recurrences among many responders"] = () =>
            Copies(2, CalcinosisType.Metastatic, Responding(TreatmentClass.CalciumChannelBlocker, Response.Complete, 120, recurred: true))
                .Concat(Copies(9, CalcinosisType.Metastatic, Responding(TreatmentClass.CalciumChannelBlocker, Response.Complete, 400, recurred: false)))
                .Concat(Copies(6, CalcinosisType.Dystrophic, Responding(TreatmentClass.CalciumChannelBlocker, Response.Partial, 400, recurred: false))),
        ["every type small"] = () =>
            Copies(2, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.Surgery, Response.None))
                .Concat(Copies(2, CalcinosisType.Metastatic, NotResponding(TreatmentClass.Surgery, Response.None)))
                .Concat(Copies(2, CalcinosisType.Idiopathic, NotResponding(TreatmentClass.Surgery, Response.None)))
                .Concat(Copies(2, CalcinosisType.Iatrogenic, NotResponding(TreatmentClass.Surgery, Response.None))),
        ["an empty registry"] = () => [],
    };

    [Theory]
    [MemberData(nameof(HandMadeTables))]
    public void No_withheld_cell_of_a_hand_made_table_can_be_recovered(string table, int k) =>
        AssertNothingRecoverable(HandMade[table](), k);

    [Theory]
    [MemberData(nameof(RandomTables))]
    public void No_withheld_cell_of_a_random_registry_can_be_recovered(int seed, int k) =>
        AssertNothingRecoverable(RandomRegistry(seed), k);

    [Fact]
    public void The_attack_does_recover_cells_that_are_left_unprotected()
    {
        // Withholding only the primary cells must be breakable, or the attack proves nothing.
        var (types, allTypes) = Summarize(HandMade["one rare class in one type"]());
        var published = StatisticsDisclosureControl.Suppress(types, allTypes, 5);
        var bisphosphonate = published.Types[0].ByTreatment.Single(entry => entry.Class == "bisphosphonate");
        var dystrophicOnlyPrimary = published.Types[0] with
        {
            CasesIncluded = types[0].CasesIncluded,
            Cases = types[0].Cases,
            Lesions = types[0].Lesions,
            Courses = types[0].Courses,
            ByTreatment = [.. published.Types[0].ByTreatment.Select(entry => entry == bisphosphonate ? entry : Unprotected(types[0].ByTreatment.Single(real => real.Class == entry.Class)))],
            AllTreatments = Unprotected(types[0].AllTreatments),
            Suppressed = null,
        };
        var weakened = published with { Types = [dystrophicOnlyPrimary, .. published.Types.Skip(1)] };

        Assert.NotEmpty(ReaderAttack.RecoveredSecrets(weakened, types, allTypes));
    }

    private static PublishedTreatmentStatistics Unprotected(TreatmentStatistics real) =>
        new(real.Class, real.Cases, real.Courses, real.Assessed, real.Complete, real.Partial, real.None, real.Progression,
            real.ResponseRate, real.CompleteResponseRate,
            new PublishedRecurrenceStatistics(real.Recurrence.Responders, real.Recurrence.Recurrences, real.Recurrence.Proportion,
                real.Recurrence.SurvivalAt, real.Recurrence.MedianDays, real.Recurrence.Curve, Suppressed: null),
            Suppressed: null);

    private static void AssertNothingRecoverable(IEnumerable<CaseContribution> contributions, int k)
    {
        var (types, allTypes) = Summarize(contributions);

        var published = StatisticsDisclosureControl.Suppress(types, allTypes, k);

        PublishedChecks.AssertWellFormed(published, types, allTypes, k);
        Assert.Empty(ReaderAttack.RecoveredSecrets(published, types, allTypes));
    }
}
