using System.Text.Json.Nodes;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Grains.Tests.Infrastructure;
using CalcinosisRegistry.Testing;

namespace CalcinosisRegistry.Grains.Tests;

/// <summary>
/// Each write counts exactly once in the statistics, whatever the delivery. The class has a cluster of its own, so
/// after every step the whole registry's statistics must equal the summariser's output over the ledger.
/// </summary>
public sealed class StatisticsConsistencyTests(SingleSiloClusterFixture fixture) : IClassFixture<SingleSiloClusterFixture>
{
    private RegistryCluster Registry => fixture.Registry;

    [Fact]
    public async Task Redelivering_a_shard_entry_or_delivering_an_older_one_late_does_not_change_the_counts()
    {
        const string siteId = "stats-redelivery";
        const string caseId = "CASE-R";
        await Registry.PutAsync(siteId, TestCases.Dystrophic(caseId));
        var versionOne = await Registry.Case(siteId, caseId).GetStatisticsEntryAsync();
        await Registry.PutAsync(siteId, TestCases.MetastaticWithNormalMinerals(caseId), ifMatch: "\"1\"");
        var versionTwo = await Registry.Case(siteId, caseId).GetStatisticsEntryAsync();
        await Registry.WaitUntilStatisticsMatchLedgerAsync();
        var shard = Registry.ShardOf(siteId, caseId);
        var before = await ShardSummariesAsync(shard);

        await shard.ApplyAsync(versionTwo);
        await shard.ApplyAsync(versionOne);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => shard.ApplyAsync(versionTwo)));

        Assert.Equal(1, versionOne.Version);
        Assert.Equal(2, versionTwo.Version);
        var after = await ShardSummariesAsync(shard);
        foreach (var key in ExpectedStatistics.AllStatisticsKeys)
        {
            Assert.True(JsonNode.DeepEquals(before[key], after[key]), $"shard tally of '{key}' changed: {before[key].ToJsonString()} → {after[key].ToJsonString()}");
        }

        // A fresh case on the same shard makes the shard push again; once the type grains show it, they show
        // whatever the redeliveries left in that shard, and that must still be each case counted once.
        await Registry.PutAsync(siteId, TestCases.Dystrophic(CaseIdOnSameShard(siteId, caseId)));
        await Registry.WaitUntilStatisticsMatchLedgerAsync();
    }

    [Fact]
    public async Task Replacing_a_case_with_another_calcinosis_type_moves_its_contribution()
    {
        const string siteId = "stats-move";
        const string caseId = "CASE-M";
        await Registry.PutAsync(siteId, TestCases.Dystrophic(caseId));
        await Registry.WaitUntilStatisticsMatchLedgerAsync();
        var before = await Registry.AllStatisticsAsync();

        var replaced = await Registry.PutAsync(siteId, TestCases.MetastaticWithNormalMinerals(caseId), ifMatch: "\"1\"");

        Assert.Equal(CaseWriteOutcome.Replaced, replaced.Outcome);
        await Registry.WaitUntilStatisticsMatchLedgerAsync();
        var after = await Registry.AllStatisticsAsync();
        Assert.Equal(Count(before, "dystrophic", "cases") - 1, Count(after, "dystrophic", "cases"));
        Assert.Equal(Count(before, "dystrophic", "lesions") - 1, Count(after, "dystrophic", "lesions"));
        Assert.Equal(Count(before, "metastatic", "cases") + 1, Count(after, "metastatic", "cases"));
        Assert.Equal(Count(before, "metastatic", "lesions") + 2, Count(after, "metastatic", "lesions"));
        Assert.Equal(Count(before, "all", "cases"), Count(after, "all", "cases"));
        Assert.Equal(Count(before, "all", "lesions") + 1, Count(after, "all", "lesions"));
    }

    [Fact]
    public async Task Withdrawal_drops_the_case_everywhere_and_a_resubmission_continues_its_versions_and_counts_once()
    {
        const string siteId = "stats-withdraw";
        const string caseId = "CASE-W";
        await Registry.PutAsync(siteId, TestCases.Dystrophic(caseId));
        await Registry.PutAsync(siteId, TestCases.Dystrophic("CASE-KEPT"));
        await Registry.WaitUntilStatisticsMatchLedgerAsync();
        var live = await Registry.AllStatisticsAsync();

        var withdrawn = await Registry.WithdrawAsync(siteId, caseId, ifMatch: "\"1\"");

        Assert.Equal(CaseWriteOutcome.Withdrawn, withdrawn.Outcome);
        Assert.Null(withdrawn.Current);
        Assert.Null(await Registry.Case(siteId, caseId).GetAsync());
        var listing = await Registry.Site(siteId).ListAsync(afterCaseId: null, limit: 10);
        Assert.Equal(["CASE-KEPT"], listing.Items.Select(item => item.CaseId));
        Assert.Equal(1, listing.Total);
        await Registry.WaitUntilStatisticsMatchLedgerAsync();
        var afterWithdrawal = await Registry.AllStatisticsAsync();
        Assert.Equal(Count(live, "dystrophic", "cases") - 1, Count(afterWithdrawal, "dystrophic", "cases"));
        Assert.Equal(Count(live, "all", "cases") - 1, Count(afterWithdrawal, "all", "casesIncluded"));

        var resubmitted = await Registry.PutAsync(siteId, TestCases.Dystrophic(caseId));

        Assert.Equal(CaseWriteOutcome.Created, resubmitted.Outcome);
        Assert.Equal(3, resubmitted.Current!.Version);
        Assert.Equal("\"3\"", resubmitted.Current.ETag);
        Assert.Equal([CaseOperation.Create, CaseOperation.Withdraw, CaseOperation.Create], resubmitted.Current.History.Select(entry => entry.Operation));
        Assert.Equal(string.Empty, resubmitted.Current.History[1].Digest);
        await Registry.WaitUntilStatisticsMatchLedgerAsync();
        var afterResubmission = await Registry.AllStatisticsAsync();
        Assert.Equal(Count(live, "dystrophic", "cases"), Count(afterResubmission, "dystrophic", "cases"));
        Assert.Equal(Count(live, "all", "cases"), Count(afterResubmission, "all", "cases"));
        var relisted = await Registry.Site(siteId).ListAsync(afterCaseId: null, limit: 10);
        Assert.Equal(["CASE-KEPT", "CASE-W"], relisted.Items.Select(item => item.CaseId));
        Assert.Equal(3, relisted.Items[1].Version);
    }

    private static int Count(IReadOnlyDictionary<string, JsonNode> statistics, string key, string field) =>
        statistics[key][field]!.GetValue<int>();

    /// <summary>The summaries a shard's own tallies would give, read straight from the shard (no timers involved).</summary>
    private static async Task<Dictionary<string, JsonNode>> ShardSummariesAsync(IStatisticsShardGrain shard)
    {
        var summaries = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var key in ExpectedStatistics.AllStatisticsKeys)
        {
            var tally = await shard.GetTallyAsync(key);
            summaries[key] = ExpectedStatistics.ToJson(StatisticsSummarizer.Summarize(key, tally, includeCurve: true));
        }

        return summaries;
    }

    private static string CaseIdOnSameShard(string siteId, string caseId)
    {
        var shard = RegistryKeys.ShardOf(RegistryKeys.Case(siteId, caseId));
        return Enumerable.Range(0, 10_000)
            .Select(n => $"NEIGHBOUR-{n}")
            .First(candidate => RegistryKeys.ShardOf(RegistryKeys.Case(siteId, candidate)) == shard);
    }
}
