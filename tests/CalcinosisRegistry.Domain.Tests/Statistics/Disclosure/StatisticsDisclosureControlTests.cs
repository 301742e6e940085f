using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;
using static CalcinosisRegistry.Domain.Tests.Statistics.Disclosure.DisclosureScenarios;
using static CalcinosisRegistry.Testing.LinkedStatisticsViews;

namespace CalcinosisRegistry.Domain.Tests.Statistics.Disclosure;

public sealed class StatisticsDisclosureControlTests
{
    private static readonly JsonSerializerOptions WebOptions = new(JsonSerializerDefaults.Web);

    private static PublishedStatistics Publish(IEnumerable<CaseContribution> contributions, int k, out IReadOnlyList<TypeStatistics> types, out TypeStatistics allTypes)
    {
        (types, allTypes) = Summarize(contributions);
        return StatisticsDisclosureControl.Suppress(types, allTypes, k);
    }

    /// <summary>Ten surgery cases (six complete, four none) and two topical-steroid cases in dystrophic; nothing elsewhere.</summary>
    private static IEnumerable<CaseContribution> RareClassRegistry() =>
        Copies(6, CalcinosisType.Dystrophic, Responding(TreatmentClass.Surgery, Response.Complete, 100, recurred: false))
            .Concat(Copies(4, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.Surgery, Response.None)))
            .Concat(Copies(2, CalcinosisType.Dystrophic, NotResponding(TreatmentClass.TopicalSteroid, Response.None)));

    [Fact]
    public void A_rare_class_is_withheld_with_its_rates_and_marked()
    {
        var published = Publish(RareClassRegistry(), k: 5, out _, out _);

        var steroid = published.Types[0].ByTreatment.Single(entry => entry.Class == "topical-steroid");
        Assert.Equal((null, null, null), (steroid.Cases, steroid.Courses, steroid.Assessed));
        Assert.Equal(0, steroid.Complete);
        Assert.Equal(0, steroid.Recurrence.Responders);
        Assert.Contains("cases", steroid.Suppressed!);
        Assert.Contains("none", steroid.Suppressed!);
        Assert.Contains("responseRate", steroid.Suppressed!);
        Assert.Equal(Proportion.Unavailable, steroid.ResponseRate);
        Assert.DoesNotContain("complete", steroid.Suppressed!);
    }

    [Fact]
    public void A_rare_class_forces_complements_so_that_totals_do_not_give_it_away()
    {
        var published = Publish(RareClassRegistry(), k: 5, out var types, out var allTypes);

        // Surgery courses 10 and all courses 12 would reveal the two steroid courses by subtraction.
        var dystrophic = published.Types[0];
        var surgery = dystrophic.ByTreatment.Single(entry => entry.Class == "surgery");
        Assert.True(surgery.Courses is null || dystrophic.AllTreatments.Courses is null);
        Assert.Empty(ReaderAttack.RecoveredSecrets(published, types, allTypes));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Counts_below_k_are_withheld_and_zero_and_counts_from_k_are_not(int k)
    {
        for (var seed = 100; seed < 110; seed++)
        {
            var published = Publish(RandomRegistry(seed), k, out var types, out var allTypes);
            var counts = PublishedChecks.Counts(published, types, allTypes).ToArray();

            Assert.All(counts.Where(count => count.Real >= 1 && count.Real < k), count => Assert.True(count.Marked && count.Shown is null, count.Name));
            Assert.All(counts.Where(count => count.Real == 0), count => Assert.Equal(0, count.Shown));
            PublishedChecks.AssertWellFormed(published, types, allTypes, k);
        }
    }

    [Fact]
    public void A_rate_with_no_assessed_course_is_null_but_not_marked_suppressed()
    {
        var published = Publish(Copies(6, CalcinosisType.Dystrophic, Unassessed(TreatmentClass.Surgery)), k: 5, out _, out _);

        var surgery = published.Types[0].ByTreatment.Single();
        Assert.Equal((6, 0), (surgery.Courses, surgery.Assessed));
        Assert.Equal(Proportion.Unavailable, surgery.ResponseRate);
        Assert.Null(surgery.Suppressed);
        Assert.Null(surgery.Recurrence.Suppressed);
        Assert.Empty(surgery.Recurrence.Curve!);
    }

    [Fact]
    public void A_curve_with_single_events_is_withheld_whole_with_survival_and_median()
    {
        var responders = Enumerable.Range(1, 10)
            .Select(index => OneCase(CalcinosisType.Dystrophic, Responding(TreatmentClass.Surgery, Response.Complete, 30 * index, recurred: index <= 5)));
        var published = Publish(responders, k: 5, out _, out _);

        var recurrence = published.Types[0].ByTreatment.Single().Recurrence;
        Assert.Equal((10, 5), (recurrence.Responders, recurrence.Recurrences));
        Assert.NotNull(recurrence.Proportion.Estimate);
        Assert.Null(recurrence.Curve);
        Assert.Null(recurrence.MedianDays);
        Assert.All(recurrence.SurvivalAt.Values, value => Assert.Null(value));
        Assert.Equal(["survivalAt", "medianDays", "curve"], recurrence.Suppressed!);
    }

    [Fact]
    public void A_curve_whose_every_step_is_at_least_k_is_published()
    {
        var responders = Copies(5, CalcinosisType.Dystrophic, Responding(TreatmentClass.Surgery, Response.Complete, 50, recurred: true))
            .Concat(Copies(5, CalcinosisType.Dystrophic, Responding(TreatmentClass.Surgery, Response.Complete, 100, recurred: false)));
        var published = Publish(responders, k: 5, out var types, out _);

        var recurrence = published.Types[0].ByTreatment.Single().Recurrence;
        Assert.Null(recurrence.Suppressed);
        Assert.Equal(types[0].ByTreatment.Single().Recurrence.Curve, recurrence.Curve);
        Assert.Equal(50, recurrence.MedianDays);
    }

    [Fact]
    public void Without_a_curve_survival_is_still_judged_by_the_curve_steps()
    {
        var responders = Enumerable.Range(1, 10)
            .Select(index => OneCase(CalcinosisType.Dystrophic, Responding(TreatmentClass.Surgery, Response.Complete, 30 * index, recurred: index <= 5)));
        var (types, allTypes) = Summarize(responders);

        var published = StatisticsDisclosureControl.Suppress(types, allTypes, k: 5, publishCurve: false);

        var recurrence = published.Types[0].ByTreatment.Single().Recurrence;
        Assert.Null(recurrence.Curve);
        Assert.Equal(["survivalAt", "medianDays"], recurrence.Suppressed!);
    }

    [Fact]
    public void With_k_1_nothing_is_withheld_and_the_json_is_the_unprotected_json()
    {
        var (types, allTypes) = Summarize(RandomRegistry(7));

        var published = StatisticsDisclosureControl.Suppress(types, allTypes, k: 1);

        // The only difference is the label that says which disclosure applies.
        var exactJson = JsonSerializer.Serialize(new { types, allTypes }, WebOptions);
        var publishedJson = JsonSerializer.Serialize(new { published.Types, published.AllTypes }, WebOptions);
        Assert.Equal(exactJson, publishedJson.Replace("\"disclosure\":\"suppressed\",\"k\":1", "\"disclosure\":\"exact\"", StringComparison.Ordinal));
    }

    [Fact]
    public void With_a_huge_k_every_count_but_zero_is_withheld()
    {
        var published = Publish(RandomRegistry(8), k: 1_000, out var types, out var allTypes);

        Assert.All(PublishedChecks.Counts(published, types, allTypes), count => Assert.Equal(count.Real == 0 ? 0 : null, count.Shown));
        PublishedChecks.AssertWellFormed(published, types, allTypes, 1_000);
    }

    [Fact]
    public void The_same_input_gives_the_same_output()
    {
        var (types, allTypes) = Summarize(RandomRegistry(9));

        var first = JsonSerializer.Serialize(StatisticsDisclosureControl.Suppress(types, allTypes, 5), WebOptions);
        var second = JsonSerializer.Serialize(StatisticsDisclosureControl.Suppress(types, allTypes, 5), WebOptions);

        Assert.Equal(first, second);
    }

    [Fact]
    public void The_json_marks_withheld_fields_and_keeps_the_contract_names()
    {
        var published = Publish(RareClassRegistry(), k: 5, out _, out _);

        using var document = JsonDocument.Parse(JsonSerializer.Serialize(published, WebOptions));
        var steroid = document.RootElement.GetProperty("types")[0].GetProperty("byTreatment").EnumerateArray()
            .Single(entry => entry.GetProperty("class").GetString() == "topical-steroid");
        Assert.Equal(JsonValueKind.Null, steroid.GetProperty("courses").ValueKind);
        Assert.Contains("courses", steroid.GetProperty("suppressed").EnumerateArray().Select(name => name.GetString()));
        Assert.Equal(JsonValueKind.Null, steroid.GetProperty("responseRate").GetProperty("estimate").ValueKind);
        Assert.Equal(5, document.RootElement.GetProperty("k").GetInt32());
        Assert.True(steroid.GetProperty("recurrence").TryGetProperty("responders", out _));
    }

    [Fact]
    public void K_below_1_is_rejected()
    {
        var (types, allTypes) = Summarize([]);

        Assert.Throws<ArgumentOutOfRangeException>(() => StatisticsDisclosureControl.Suppress(types, allTypes, 0));
    }
}
