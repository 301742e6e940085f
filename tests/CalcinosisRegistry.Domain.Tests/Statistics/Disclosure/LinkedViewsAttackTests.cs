using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;
using CalcinosisRegistry.Domain.Synthetic;
using static CalcinosisRegistry.Domain.Tests.Statistics.Disclosure.DisclosureScenarios;
using static CalcinosisRegistry.Testing.LinkedStatisticsViews;

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
    public void A_type_curve_withheld_for_a_small_step_is_not_the_all_types_curve_minus_the_others()
    {
        // k = 5. Dystrophic: 10 responders, 5 recur on day 60, 5 followed to day 400: every step at least 5.
        // Metastatic: 12 responders, 1 recurs on day 60 (a step of 1), 5 on day 100, 6 followed to day 400; all of
        // its counts are at least 5, so only its curve is withheld. All types: day 60 22 at risk and 6 events, day 100
        // 16 and 5, day 400 11 censored: every step at least 5, so on its own the all-types curve would be published,
        // and minus the dystrophic curve it gives the metastatic one, day 60's single recurrence included.
        var views = SummarizeSites(
            Copies(5, CalcinosisType.Dystrophic, Responding(TreatmentClass.Surgery, Response.Complete, 60, recurred: true))
                .Concat(Copies(5, CalcinosisType.Dystrophic, Responding(TreatmentClass.Surgery, Response.Complete, 400, recurred: false)))
                .Concat(Copies(1, CalcinosisType.Metastatic, Responding(TreatmentClass.Surgery, Response.Complete, 60, recurred: true)))
                .Concat(Copies(5, CalcinosisType.Metastatic, Responding(TreatmentClass.Surgery, Response.Complete, 100, recurred: true)))
                .Concat(Copies(6, CalcinosisType.Metastatic, Responding(TreatmentClass.Surgery, Response.Complete, 400, recurred: false)))
                .Select(item => ("site-a", item)));

        var published = StatisticsDisclosureControl.Suppress(views, k: 5, publishCurve: true);

        var allSites = published[0];
        var surgery = (PublishedTypeStatistics type) => type.ByTreatment.Single(entry => entry.Class == "surgery").Recurrence;
        Assert.NotNull(surgery(allSites.Types.Single(type => type.CalcinosisType == "dystrophic")).Curve);
        Assert.Null(surgery(allSites.Types.Single(type => type.CalcinosisType == "metastatic")).Curve);
        Assert.Null(surgery(allSites.AllTypes).Curve);
        Assert.Contains("curve", surgery(allSites.AllTypes).Suppressed!);
        AssertNoTypeCurveIsTheRestOfTheAllTypesCurve(allSites, views[0]);
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

    /// <summary>
    /// The registry of the benchmarks and the demo (five sites, many small cells): a size at which the audit, when its
    /// bound propagation stopped at the pass limit before settling, chose other complements than it does now.
    /// </summary>
    [Fact]
    public void No_withheld_cell_of_the_synthetic_cohort_over_its_five_sites_can_be_recovered()
    {
        var views = SummarizeSites(SyntheticCohort.Generate(400).Select(generated => (generated.SiteId, CaseContribution.FromCase(generated.Document))));

        var published = StatisticsDisclosureControl.Suppress(views, k: 5, publishCurve: false);

        Assert.Equal(6, views.Count);
        Assert.Contains(published, view => view.Types.Any(type => type.Suppressed is not null));
        Assert.Empty(ReaderAttack.RecoveredSecrets(published, views));
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
        for (var view = 0; view < views.Count; view++)
        {
            AssertNoTypeCurveIsTheRestOfTheAllTypesCurve(published[view], views[view]);
        }
    }

    /// <summary>
    /// A view's type curves of one class add up day by day to its "all types" curve of that class: where that is
    /// published, a withheld type curve with responders must not be the only one withheld, or the "all types" curve
    /// minus the other types would give it.
    /// </summary>
    private static void AssertNoTypeCurveIsTheRestOfTheAllTypesCurve(PublishedStatistics published, StatisticsView view)
    {
        var allTypes = published.AllTypes.ByTreatment.Append(published.AllTypes.AllTreatments);
        foreach (var total in allTypes.Where(entry => entry.Recurrence.Curve is not null))
        {
            // A type without courses of the class has no curve of it to give away.
            var withheldWithResponders = published.Types.Zip(view.Types)
                .Select(pair => (Shown: pair.First.ByTreatment.Append(pair.First.AllTreatments).SingleOrDefault(entry => entry.Class == total.Class),
                                 Real: pair.Second.ByTreatment.Append(pair.Second.AllTreatments).SingleOrDefault(entry => entry.Class == total.Class)))
                .Count(pair => pair.Shown is not null && pair.Shown.Recurrence.Curve is null && pair.Real!.Recurrence.Responders > 0);
            Assert.True(withheldWithResponders != 1, $"{view.SiteId ?? "all sites"}/{total.Class}: one type's curve is withheld while the all-types curve and the other types' are published");
        }
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
