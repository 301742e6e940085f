using System.Text.Json.Nodes;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Grains.Tests.Infrastructure;
using CalcinosisRegistry.Testing;

namespace CalcinosisRegistry.Grains.Tests;

/// <summary>
/// A synthetic cohort written concurrently: the incremental statistics must equal a from-scratch summary of the
/// same documents, and a rebuild must reproduce them exactly (and repair a shard that went wrong).
/// </summary>
public sealed class SyntheticCohortStatisticsTests(SyntheticCohortFixture fixture) : IClassFixture<SyntheticCohortFixture>
{
    private RegistryCluster Registry => fixture.Registry;

    [Fact]
    public async Task Every_type_and_all_types_equal_the_summary_of_the_submitted_documents_with_and_without_curves()
    {
        await Registry.WaitUntilStatisticsMatchLedgerAsync(includeCurve: true);
        await Registry.WaitUntilStatisticsMatchLedgerAsync(includeCurve: false);

        // The plain counts, straight from the documents, as a reader of the registry would check them.
        var documents = Registry.Ledger.LiveDocuments();
        var served = await Registry.AllStatisticsAsync();
        foreach (var key in ExpectedStatistics.AllStatisticsKeys)
        {
            var ofType = ExpectedStatistics.OfType(documents, key);
            Assert.Equal(ofType.Count, served[key]["cases"]!.GetValue<int>());
            Assert.Equal(ofType.Count, served[key]["casesIncluded"]!.GetValue<int>());
            Assert.Equal(ofType.Sum(document => document.Lesions.Count), served[key]["lesions"]!.GetValue<int>());
            Assert.Equal(ofType.Sum(document => document.Treatments.Count), served[key]["courses"]!.GetValue<int>());
            Assert.Equal(key, served[key]["calcinosisType"]!.GetValue<string>());
        }

        Assert.True(documents.Count >= SyntheticCohortFixture.CohortSize);
        Assert.Equal(
            served["all"]["cases"]!.GetValue<int>(),
            CaseJson.WireNames<CalcinosisType>().Sum(type => served[type]["cases"]!.GetValue<int>()));
        Assert.All(CaseJson.WireNames<CalcinosisType>(), type => Assert.True(served[type]["cases"]!.GetValue<int>() > 0, $"the cohort has no {type} case"));
        Assert.NotEmpty(served["all"]["allTreatments"]!["recurrence"]!["curve"]!.AsArray());
    }

    [Fact]
    public async Task Rebuild_reproduces_the_incremental_statistics_exactly()
    {
        await Registry.WaitUntilStatisticsMatchLedgerAsync();
        var incremental = await Registry.AllStatisticsAsync();
        var liveCases = Registry.Ledger.LiveDocuments().Count;
        var rebuildStartedAt = DateTimeOffset.UtcNow;

        var report = await Registry.Client.GetGrain<IStatisticsRebuildGrain>(RegistryKeys.StatisticsAdmin).RebuildAsync();

        Assert.Equal(SyntheticCohortFixture.Sites.Count, report.Sites);
        Assert.Equal(liveCases, report.LiveCases);
        Assert.Equal(liveCases, report.Cases);

        // The shards hold the rebuilt tallies as soon as the rebuild returns.
        var rebuiltInShards = await SummariesFromShardsAsync();
        foreach (var key in ExpectedStatistics.AllStatisticsKeys)
        {
            Assert.True(JsonNode.DeepEquals(incremental[key], rebuiltInShards[key]), $"rebuilt '{key}' differs: {rebuiltInShards[key].ToJsonString()} vs {incremental[key].ToJsonString()}");
        }

        // Each shard pushes its rebuilt tallies on its next tick (possibly before the rebuild call has returned),
        // and the type grains re-render; whatever mix of shards they have heard from, they must serve the same JSON.
        await Eventually.SucceedsAsync(
            async () =>
            {
                foreach (var key in ExpectedStatistics.AllStatisticsKeys)
                {
                    var served = await Registry.StatisticsAsync(key);
                    if (served.ComputedAt < rebuildStartedAt)
                    {
                        return $"'{key}' was last computed at {served.ComputedAt:O}, before the rebuild started at {rebuildStartedAt:O}";
                    }

                    Assert.True(JsonNode.DeepEquals(incremental[key], JsonNode.Parse(served.Json)), $"'{key}' changed by the rebuild: {served.Json}");
                }

                return null;
            },
            "every type grain to re-render after the rebuild");
        await Registry.WaitUntilStatisticsMatchLedgerAsync();
    }

    [Fact]
    public async Task Rebuild_repairs_a_shard_that_holds_a_wrong_contribution_for_a_case()
    {
        const string siteId = "cohort-north";
        const string caseId = "CORRUPTED-1";
        var shard = Registry.ShardOf(siteId, caseId);
        var realDocument = TestCases.Dystrophic(caseId);

        // A wrong contribution reaches the shard under the version the real case will have; the real case's own
        // message then looks like a repeat and is ignored, so the statistics count the wrong contribution.
        var bogus = new CaseContribution(CalcinosisType.Iatrogenic, Lesions: 50, Courses: []);
        await shard.ApplyAsync(new ShardEntry(RegistryKeys.Case(siteId, caseId), Version: 1, bogus));
        await Registry.PutAsync(siteId, realDocument);
        var others = Registry.Ledger.LiveDocuments().Where(document => document.CaseId != caseId).ToList();
        var corruptedIatrogenic = ExpectedStatistics.Tally(ExpectedStatistics.OfType(others, "iatrogenic"));
        corruptedIatrogenic.Add(bogus);
        var expectedWhileCorrupted = new Dictionary<string, JsonNode>(StringComparer.Ordinal)
        {
            ["iatrogenic"] = ExpectedStatistics.ToJson(StatisticsSummarizer.Summarize("iatrogenic", corruptedIatrogenic, includeCurve: true)),
            ["dystrophic"] = ExpectedStatistics.Summary("dystrophic", others, includeCurve: true),
        };
        await Eventually.SucceedsAsync(
            async () =>
            {
                foreach (var (key, expected) in expectedWhileCorrupted)
                {
                    if (ExpectedStatistics.Difference(expected, (await Registry.StatisticsAsync(key)).Json) is { } difference)
                    {
                        return $"'{key}': {difference}";
                    }
                }

                return null;
            },
            "the wrong contribution to be counted instead of the real case");

        await Registry.Client.GetGrain<IStatisticsRebuildGrain>(RegistryKeys.StatisticsAdmin).RebuildAsync();

        await Registry.WaitUntilStatisticsMatchLedgerAsync();
    }

    private async Task<Dictionary<string, JsonNode>> SummariesFromShardsAsync()
    {
        var summaries = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var key in ExpectedStatistics.AllStatisticsKeys)
        {
            var total = new StatisticsTally();
            for (var shard = 0; shard < RegistryKeys.StatisticsShardCount; shard++)
            {
                total.Merge(await Registry.Client.GetGrain<IStatisticsShardGrain>(RegistryKeys.StatisticsShard(shard)).GetTallyAsync(key));
            }

            summaries[key] = ExpectedStatistics.ToJson(StatisticsSummarizer.Summarize(key, total, includeCurve: true));
        }

        return summaries;
    }
}
