using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;
using static CalcinosisRegistry.Domain.Tests.Statistics.Disclosure.DisclosureScenarios;

namespace CalcinosisRegistry.Domain.Tests.Statistics.Disclosure;

/// <summary>
/// Suppression over the linked views a caller can request (all sites and each site's <c>?site=</c> view): the
/// reader of <see cref="ReaderAttack"/> sees them all at once and differences them across sites, types, classes
/// and fields; no withheld cell may follow.
/// </summary>
public sealed class LinkedViewsAttackTests
{
    public static TheoryData<int, int> RandomSiteRegistries()
    {
        var data = new TheoryData<int, int>();
        for (var seed = 0; seed < 8; seed++)
        {
            data.Add(seed, 3);
            data.Add(seed, 5);
        }

        return data;
    }

    /// <summary>The issue's case: metastatic cases are 6 over all sites, 5 at site-a and so 1 at site-b.</summary>
    private static IEnumerable<(string Site, CaseContribution Contribution)> IssueExample() =>
        Copies(5, CalcinosisType.Metastatic, NotResponding(TreatmentClass.Surgery, Response.None)).Select(item => ("site-a", item))
            .Concat(Copies(1, CalcinosisType.Metastatic, NotResponding(TreatmentClass.Surgery, Response.None)).Select(item => ("site-b", item)))
            .Concat(Copies(12, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.Surgery, Response.None)).Select(item => ("site-a", item)))
            .Concat(Copies(9, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.Surgery, Response.None)).Select(item => ("site-b", item)));

    [Fact]
    public void The_issues_site_difference_no_longer_gives_the_suppressed_site_cell()
    {
        var views = SummarizeSites(IssueExample());

        var published = StatisticsDisclosureControl.Suppress(views, k: 5, publishCurve: true);

        var metastaticCases = published.Select(view => view.Types.Single(type => type.CalcinosisType == "metastatic").Cases).ToArray();
        Assert.Null(metastaticCases[2]);
        Assert.False(metastaticCases[0] is not null && metastaticCases[1] is not null, "all sites and site-a both published: 6 − 5 gives site-b's 1");
        Assert.Empty(ReaderAttack.RecoveredSecrets(published, views));
    }

    [Fact]
    public void Views_protected_one_by_one_leak_by_subtraction_and_the_attack_finds_it()
    {
        // Each view protected on its own, as before the views were linked: the attack must recover site-b's cell.
        var views = SummarizeSites(IssueExample());

        var oneByOne = views.Select(view => StatisticsDisclosureControl.Suppress(view.Types, view.AllTypes, 5)).ToArray();

        Assert.Contains(ReaderAttack.RecoveredSecrets(oneByOne, views), secret => secret.StartsWith("11/type/cases", StringComparison.Ordinal));
    }

    [Fact]
    public void A_published_rate_over_a_published_denominator_counts_as_its_numerator()
    {
        // Responders withheld but the response rate shown next to assessed: the attack reads responders off the rate.
        var views = SummarizeSites(Copies(8, CalcinosisType.Dystrophic, Responding(TreatmentClass.Surgery, Response.Complete, 60, recurred: false))
            .Concat(Copies(9, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.Surgery, Response.None)))
            .Select(item => ("site-a", item)));
        var published = StatisticsDisclosureControl.Suppress(views, k: 5, publishCurve: true);
        var dystrophic = published[0].Types[0];
        var real = views[0].Types[0].AllTreatments;
        var leaky = dystrophic with
        {
            AllTreatments = dystrophic.AllTreatments with
            {
                Recurrence = dystrophic.AllTreatments.Recurrence with { Responders = null, Suppressed = ["responders"] },
                ResponseRate = real.ResponseRate,
            },
        };
        var weakened = published.ToArray();
        weakened[0] = published[0] with { Types = [leaky, .. published[0].Types.Skip(1)] };

        Assert.Contains(ReaderAttack.RecoveredSecrets(weakened, views), secret => secret.StartsWith("0/all/responders = 8", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RandomSiteRegistries))]
    public void No_withheld_cell_of_a_random_registry_over_three_sites_can_be_recovered(int seed, int k)
    {
        var views = SummarizeSites(RandomSites(seed, siteCount: 3));

        var published = StatisticsDisclosureControl.Suppress(views, k, publishCurve: true);

        for (var view = 0; view < views.Count; view++)
        {
            PublishedChecks.AssertWellFormed(published[view], views[view].Types, views[view].AllTypes, k, siteOfLinkedSet: view > 0);
        }

        Assert.Empty(ReaderAttack.RecoveredSecrets(published, views));
        AssertNoSiteCurveIsTheRestOfTheAllSitesCurve(published, views);
    }

    /// <summary>
    /// The sites' curves add up day by day to the all-sites curve: where that is published, a withheld site curve
    /// with responders must not be the only one withheld, or the all-sites curve minus the others would give it.
    /// </summary>
    private static void AssertNoSiteCurveIsTheRestOfTheAllSitesCurve(IReadOnlyList<PublishedStatistics> published, IReadOnlyList<StatisticsView> views)
    {
        static IEnumerable<(string Key, PublishedTreatmentStatistics Shown, TreatmentStatistics Real)> Classes(PublishedStatistics shown, StatisticsView real) =>
            shown.Types.Append(shown.AllTypes).Zip(real.Types.Append(real.AllTypes))
                .SelectMany(pair => pair.First.ByTreatment.Append(pair.First.AllTreatments).Zip(pair.Second.ByTreatment.Append(pair.Second.AllTreatments))
                    .Select(entry => ($"{pair.Second.CalcinosisType}/{entry.Second.Class}", entry.First, entry.Second)));

        foreach (var (key, shown, _) in Classes(published[0], views[0]).Where(entry => entry.Shown.Recurrence.Curve is not null))
        {
            var withheldWithResponders = Enumerable.Range(1, views.Count - 1)
                .SelectMany(site => Classes(published[site], views[site]).Where(entry => entry.Key == key))
                .Count(entry => entry.Shown.Recurrence.Curve is null && entry.Real.Recurrence.Responders > 0);
            Assert.True(withheldWithResponders != 1, $"{key}: one site's curve is withheld while the all-sites curve and the others are published");
        }
    }
}
