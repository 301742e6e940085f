using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Grains.Tests.Infrastructure;
using CalcinosisRegistry.Testing;

namespace CalcinosisRegistry.Grains.Tests;

/// <summary>
/// What a rebuild must repair beyond a wrong contribution: a shard holding a case that does not hash to it, which
/// is what every shard holds after <see cref="RegistryKeys.StatisticsShardCount"/> changes ("changing it needs a
/// statistics rebuild"). The class has a cluster of its own because the damage is deliberate.
/// </summary>
public sealed class StatisticsRebuildRepairTests(SingleSiloClusterFixture fixture) : IClassFixture<SingleSiloClusterFixture>
{
    private RegistryCluster Registry => fixture.Registry;

    [Fact]
    public async Task Rebuild_drops_a_contribution_held_by_a_shard_the_case_does_not_hash_to()
    {
        const string siteId = "rebuild-layout";
        const string caseId = "CASE-L";
        await Registry.PutAsync(siteId, TestCases.Dystrophic(caseId));
        await Registry.WaitUntilStatisticsMatchLedgerAsync();
        var entry = await Registry.Case(siteId, caseId).GetStatisticsEntryAsync();
        var homeShard = RegistryKeys.ShardOf(entry.CaseKey);
        var formerShard = (homeShard + 1) % RegistryKeys.StatisticsShardCount;

        // The case as a shard of an older layout would still hold it: now it is counted twice.
        await Registry.Client.GetGrain<IStatisticsShardGrain>(RegistryKeys.StatisticsShard(formerShard)).ApplyAsync(entry);
        await Eventually.SucceedsAsync(
            async () =>
            {
                var cases = (await Registry.StatisticsAsync("dystrophic")).CasesIncluded;
                return cases == 2 ? null : $"dystrophic counts {cases} cases";
            },
            "the misplaced entry to be counted");

        await Registry.Client.GetGrain<IStatisticsRebuildGrain>(RegistryKeys.StatisticsAdmin).RebuildAsync();

        await Registry.WaitUntilStatisticsMatchLedgerAsync();
    }
}
