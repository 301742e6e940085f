using System.Text.Json;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CalcinosisRegistry.Grains.Tests;

/// <summary>
/// The registry on two silos: case, index, shard and type grains are spread over both, and the answers are the
/// same as on one. (In-memory storage is not durable, so nothing here is about surviving a silo's loss.)
/// </summary>
public sealed class TwoSiloClusterTests(TwoSiloClusterFixture fixture) : IClassFixture<TwoSiloClusterFixture>
{
    private const int CaseCount = 80;

    private static readonly string[] Sites = ["two-silo-east", "two-silo-west"];

    private RegistryCluster Registry => fixture.Registry;

    [Fact]
    public async Task Cases_written_concurrently_are_spread_over_both_silos_readable_and_counted_exactly()
    {
        Assert.Equal(2, Registry.Cluster.GetActiveSilos().Count());
        var cohort = SyntheticCohort.Generate(CaseCount, seed: 99, Sites).ToList();

        var results = await Task.WhenAll(cohort.Select(synthetic => Registry.PutAsync(synthetic.SiteId, synthetic.Document)));

        Assert.All(results, result => Assert.Equal(CaseWriteOutcome.Created, result.Outcome));
        // Each acknowledged write reached both its site index and its shard, whichever silos they live on.
        Assert.Empty(await Registry.Index.FindUnpublishedCasesAsync(TimeSpan.Zero, 1000));
        foreach (var synthetic in cohort)
        {
            var stored = await Registry.Case(synthetic.SiteId, synthetic.Document.CaseId).GetAsync();
            Assert.NotNull(stored);
            Assert.Equal(1, stored.Version);
            Assert.True(
                JsonNode.DeepEquals(JsonSerializer.SerializeToNode(synthetic.Document, CaseJson.Options), JsonNode.Parse(stored.DocumentJson)),
                $"{synthetic.Document.CaseId} reads back differently: {stored.DocumentJson}");
        }

        var listed = await Task.WhenAll(Sites.Select(site => Registry.Site(site).ListAsync(afterCaseId: null, limit: CaseCount)));
        Assert.Equal(CaseCount, listed.Sum(page => page.Total));

        var management = Registry.Client.GetGrain<IManagementGrain>(0);
        var caseActivations = (await management.GetDetailedGrainStatistics())
            .Where(statistic => statistic.GrainType.Contains("CaseGrain", StringComparison.Ordinal))
            .ToList();
        Assert.True(caseActivations.Count >= CaseCount, $"only {caseActivations.Count} case activations found");
        Assert.Equal(2, caseActivations.Select(statistic => statistic.SiloAddress).Distinct().Count());

        await Registry.WaitUntilStatisticsMatchLedgerAsync(includeCurve: true);
        await Registry.WaitUntilStatisticsMatchLedgerAsync(includeCurve: false);
    }

    /// <summary>
    /// A silo serving an HTTP request calls the case grain through its own grain factory: the case must be activated
    /// on that silo, so that the write is served where it arrived (issue 13, scale-out), whichever silo it is.
    /// </summary>
    [Fact]
    public async Task A_case_is_activated_on_the_silo_whose_request_created_it()
    {
        var management = Registry.Client.GetGrain<IManagementGrain>(0);
        var silos = Registry.Cluster.Silos.ToList();
        for (var n = 0; n < silos.Count; n++)
        {
            var grains = silos[n].SiloHost.Services.GetRequiredService<IGrainFactory>();
            var site = $"placement-{n}";
            var cohort = SyntheticCohort.Generate(12, seed: 40 + n, [site]).ToList();
            foreach (var synthetic in cohort)
            {
                var validated = TestCases.Validate(synthetic.Document);
                var result = await grains.GetGrain<ICaseGrain>(RegistryKeys.Case(site, synthetic.Document.CaseId))
                    .PutAsync(validated.Document!, validated.Warnings, ifMatch: null, audit: null);
                Assert.Equal(CaseWriteOutcome.Created, result.Outcome);
                Registry.Ledger.Record(site, validated.Document!);
            }

            var hosts = (await management.GetDetailedGrainStatistics())
                .Where(statistic => statistic.GrainId.Key.ToString()!.StartsWith(RegistryKeys.Case(site, string.Empty), StringComparison.Ordinal))
                .Select(statistic => statistic.SiloAddress)
                .ToList();
            Assert.Equal(cohort.Count, hosts.Count);
            Assert.All(hosts, host => Assert.Equal(silos[n].SiloAddress, host));
        }
    }
}
