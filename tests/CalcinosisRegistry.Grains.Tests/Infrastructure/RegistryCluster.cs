using System.Text.Json.Nodes;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Grains.Hosting;
using CalcinosisRegistry.Grains.Storage;
using CalcinosisRegistry.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace CalcinosisRegistry.Grains.Tests.Infrastructure;

/// <summary>
/// An in-process registry cluster (silos wired as in production, with in-memory storage) together with the test's
/// ledger of what should be live in it, and the calls a user of the registry makes.
/// </summary>
public sealed class RegistryCluster : IAsyncDisposable
{
    private RegistryCluster(InProcessTestCluster cluster, InMemoryRegistryIndexStore index)
    {
        Cluster = cluster;
        Index = index;
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>The site indexes, shard entries and publication backlog every silo of the cluster shares.</summary>
    public InMemoryRegistryIndexStore Index { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>The documents the tests have successfully written and not withdrawn.</summary>
    public CaseLedger Ledger { get; } = new();

    /// <param name="silos">How many silos.</param>
    /// <param name="configureSilo">Extra silo settings of one test (failure detection, say), applied last.</param>
    public static async Task<RegistryCluster> StartAsync(short silos, Action<ISiloBuilder>? configureSilo = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        var grainStates = new InMemoryGrainStateTable();
        var index = new InMemoryRegistryIndexStore();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddRegistryGrains(enforceSiteIsolation: false).AddRegistryInMemoryStorage(grainStates, index);
            // Orleans' default placement follows each silo's load, which on a busy test machine can put every new
            // activation on one silo; random placement makes "both silos host cases" hold whatever else is running.
            silo.Services.AddSingleton<PlacementStrategy, RandomPlacement>();
            configureSilo?.Invoke(silo);
        });
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddRegistryDomainTypes()));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new RegistryCluster(cluster, index);
    }

    public ICaseGrain Case(string siteId, string caseId) => Client.GetGrain<ICaseGrain>(RegistryKeys.Case(siteId, caseId));

    public ISiteGrain Site(string siteId) => Client.GetGrain<ISiteGrain>(RegistryKeys.Site(siteId));

    public IStatisticsShardGrain ShardOf(string siteId, string caseId) =>
        Client.GetGrain<IStatisticsShardGrain>(RegistryKeys.StatisticsShard(RegistryKeys.ShardOf(RegistryKeys.Case(siteId, caseId))));

    public Task<StatisticsDocument> StatisticsAsync(string typeWireName, bool includeCurve = true) =>
        Client.GetGrain<ITypeStatisticsGrain>(RegistryKeys.TypeStatistics(typeWireName)).GetAsync(includeCurve);

    /// <summary>Validates the document as the front end does, writes it, and records it in the ledger if the write took.</summary>
    public async Task<CaseWriteResult> PutAsync(string siteId, CaseDocument document, string? ifMatch = null)
    {
        var validated = TestCases.Validate(document);
        var result = await Case(siteId, document.CaseId).PutAsync(validated.Document!, validated.Warnings, ifMatch);
        if (result.Outcome is CaseWriteOutcome.Created or CaseWriteOutcome.Replaced or CaseWriteOutcome.Unchanged)
        {
            Ledger.Record(siteId, validated.Document!);
        }

        return result;
    }

    public async Task<CaseWriteResult> WithdrawAsync(string siteId, string caseId, string? ifMatch)
    {
        var result = await Case(siteId, caseId).WithdrawAsync(ifMatch);
        if (result.Outcome == CaseWriteOutcome.Withdrawn)
        {
            Ledger.Remove(siteId, caseId);
        }

        return result;
    }

    /// <summary>
    /// Waits until every type's statistics, and those of all types, equal the summariser's output over the ledger's
    /// documents. Only exact when this cluster holds nothing but the ledger's cases.
    /// </summary>
    public Task WaitUntilStatisticsMatchLedgerAsync(bool includeCurve = true) =>
        Eventually.SucceedsAsync(
            async () =>
            {
                var documents = Ledger.LiveDocuments();
                foreach (var key in ExpectedStatistics.AllStatisticsKeys)
                {
                    var served = await StatisticsAsync(key, includeCurve);
                    if (ExpectedStatistics.Difference(ExpectedStatistics.Summary(key, documents, includeCurve), served.Json) is { } difference)
                    {
                        return $"statistics of '{key}': {difference}";
                    }
                }

                return null;
            },
            "the statistics to match the submitted documents");

    /// <summary>The served JSON of every type and of all types, parsed.</summary>
    public async Task<IReadOnlyDictionary<string, JsonNode>> AllStatisticsAsync(bool includeCurve = true)
    {
        var result = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var key in ExpectedStatistics.AllStatisticsKeys)
        {
            result[key] = JsonNode.Parse((await StatisticsAsync(key, includeCurve)).Json)!;
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
