using System.Text.Json;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Testing;

namespace CalcinosisRegistry.PostgreSql.Tests.Index;

/// <summary>
/// The registry's grains on PostgreSQL: the site indexes and statistics shards live one row per case, so a whole
/// new cluster on the same database (every grain activated afresh) lists and counts exactly what was written.
/// </summary>
public sealed class RegistryIndexRestartTests
{
    private static readonly string[] Sites = ["restart-north", "restart-south"];

    [Fact]
    public async Task Site_listing_and_statistics_survive_a_cluster_restart()
    {
        await using var database = await IndexDatabase.CreateAsync("restart");
        var serviceId = $"restart-{Guid.NewGuid():N}";
        var cases = SyntheticCohort.Generate(40, seed: 11, Sites).ToList();
        var withdrawn = cases[0];

        IReadOnlyDictionary<string, SiteCasePage> listingsBefore;
        StatisticsDocument statisticsBefore;
        var first = await RegistryOnPostgreSql.StartAsync(database.ConnectionString, serviceId);
        try
        {
            foreach (var batch in cases.Chunk(8))
            {
                await Task.WhenAll(batch.Select(c => RegistryOnPostgreSql.PutAsync(first.Client, c)));
            }

            var result = await first.Client.GetGrain<ICaseGrain>(RegistryKeys.Case(withdrawn.SiteId, withdrawn.Document.CaseId))
                .WithdrawAsync(ifMatch: "\"1\"");
            Assert.Equal(CaseWriteOutcome.Withdrawn, result.Outcome);

            listingsBefore = await ListingsAsync(first.Client);
            Assert.Equal(cases.Count - 1, listingsBefore.Values.Sum(page => page.Total));
            statisticsBefore = await EventuallyAsync(first.Client, cases.Where(c => c != withdrawn).Select(c => c.Document));
        }
        finally
        {
            await RegistryOnPostgreSql.StopAsync(first);
        }

        var second = await RegistryOnPostgreSql.StartAsync(database.ConnectionString, serviceId);
        try
        {
            var listingsAfter = await ListingsAsync(second.Client);
            foreach (var site in Sites)
            {
                Assert.Equal(listingsBefore[site].Total, listingsAfter[site].Total);
                Assert.Equal(listingsBefore[site].Items, listingsAfter[site].Items);
            }

            Assert.Equal(
                cases.Where(c => c.SiteId == withdrawn.SiteId).Select(c => c.Document.CaseId).Order(StringComparer.Ordinal),
                await second.Client.GetGrain<ISiteGrain>(RegistryKeys.Site(withdrawn.SiteId)).GetAllCaseIdsAsync());

            var statisticsAfter = await second.Client.GetGrain<ITypeStatisticsGrain>(RegistryKeys.TypeStatistics(RegistryKeys.AllTypes)).GetAsync(includeCurve: true);
            Assert.Equal(cases.Count - 1, statisticsAfter.CasesIncluded);
            Assert.Equal(statisticsBefore.Json, statisticsAfter.Json);

            // The stored tombstone still wins over a late, older message after the restart.
            var shard = second.Client.GetGrain<IStatisticsShardGrain>(RegistryKeys.StatisticsShard(
                RegistryKeys.ShardOf(RegistryKeys.Case(withdrawn.SiteId, withdrawn.Document.CaseId))));
            await second.Client.GetGrain<ISiteGrain>(RegistryKeys.Site(withdrawn.SiteId)).RecordAsync(
                new SiteCaseEntry(withdrawn.Document.CaseId, 1, Withdrawn: false, "dystrophic", DateTimeOffset.UtcNow));
            Assert.Equal(listingsBefore[withdrawn.SiteId].Total,
                (await second.Client.GetGrain<ISiteGrain>(RegistryKeys.Site(withdrawn.SiteId)).ListAsync(null, 1000)).Total);
            var tallyBefore = JsonSerializer.Serialize(await shard.GetTallyAsync(RegistryKeys.AllTypes));
            await shard.ApplyAsync(new ShardEntry(RegistryKeys.Case(withdrawn.SiteId, withdrawn.Document.CaseId), 1,
                Domain.Statistics.CaseContribution.FromCase(withdrawn.Document)));
            Assert.Equal(tallyBefore, JsonSerializer.Serialize(await shard.GetTallyAsync(RegistryKeys.AllTypes)));
        }
        finally
        {
            await RegistryOnPostgreSql.StopAsync(second);
        }
    }

    private static async Task<IReadOnlyDictionary<string, SiteCasePage>> ListingsAsync(IClusterClient client)
    {
        var listings = new Dictionary<string, SiteCasePage>(StringComparer.Ordinal);
        foreach (var site in Sites)
        {
            listings[site] = await client.GetGrain<ISiteGrain>(RegistryKeys.Site(site)).ListAsync(null, 1000);
        }

        return listings;
    }

    /// <summary>
    /// Waits for the pushed tallies (every 100 ms) to make the all-types statistics exactly the summary of
    /// <paramref name="expectedDocuments"/>. Waiting for the case count alone is not enough: while shards push at
    /// their own pace, the withdrawal can arrive before another shard's last case, and the count is right early.
    /// </summary>
    private static async Task<StatisticsDocument> EventuallyAsync(IClusterClient client, IEnumerable<CaseDocument> expectedDocuments)
    {
        var expected = ExpectedStatistics.Summary(ExpectedStatistics.AllTypes, expectedDocuments, includeCurve: true);
        var statistics = client.GetGrain<ITypeStatisticsGrain>(RegistryKeys.TypeStatistics(RegistryKeys.AllTypes));
        StatisticsDocument? matching = null;
        await Eventually.SucceedsAsync(
            async () =>
            {
                var document = await statistics.GetAsync(includeCurve: true);
                var difference = ExpectedStatistics.Difference(expected, document.Json);
                matching = difference is null ? document : null;
                return difference;
            },
            "the all-types statistics to summarise the cases left", TimeSpan.FromSeconds(10));
        return matching!;
    }
}
