using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Storage;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Grains.Hosting;
using CalcinosisRegistry.Grains.Storage;
using CalcinosisRegistry.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace CalcinosisRegistry.Grains.Tests;

/// <summary>
/// Creating a case costs storage one write and no read: the case grain reads on first need, and a PUT without
/// If-Match to a fresh activation stores the case as new. A later activation reads once, on its first call.
/// </summary>
public sealed class CaseStorageReadTests
{
    [Fact]
    public async Task Creating_cases_reads_nothing_and_a_later_activation_reads_its_case_once()
    {
        ReadCountingGrainStorage? storage = null;
        var table = new InMemoryGrainStateTable();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddRegistryGrains(enforceSiteIsolation: false).AddRegistryInMemoryStorage(table);
            // Registered last, so the grains resolve this one under the registry's storage name.
            silo.Services.AddGrainStorage(RegistryStorage.Name, (services, _) => storage = new ReadCountingGrainStorage(
                new InMemoryGrainStorage(table, new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()))));
        });
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddRegistryDomainTypes()));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        string[] caseIds = ["READ-1", "READ-2", "READ-3"];
        foreach (var caseId in caseIds)
        {
            Assert.Equal(CaseWriteOutcome.Created, (await PutAsync(cluster, caseId)).Outcome);
        }

        Assert.Equal(0, storage!.ReadsOf(RegistryStorage.CaseStateName));
        Assert.Equal(CaseWriteOutcome.Unchanged, (await PutAsync(cluster, "READ-1")).Outcome);
        Assert.Equal(0, storage.ReadsOf(RegistryStorage.CaseStateName));

        var grain = cluster.Client.GetGrain<ICaseGrain>(RegistryKeys.Case("read-site", "READ-2"));
        await cluster.DeactivateAsync(grain);
        Assert.Equal(1, (await grain.GetAsync())!.Version);
        Assert.Equal(1, (await grain.GetAsync())!.Version);
        Assert.Equal(1, storage.ReadsOf(RegistryStorage.CaseStateName));
    }

    [Fact]
    public async Task A_case_created_without_a_read_can_be_published_again_by_the_sweeper()
    {
        // The sweeper re-publishes a stored version whose publication failed, often to the very activation that stored
        // it without reading first. That activation must know its case exists (it wrote it) instead of asking the
        // storage bridge, which only knows after a read.
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddRegistryGrains(enforceSiteIsolation: false).AddRegistryInMemoryStorage());
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddRegistryDomainTypes()));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        Assert.Equal(CaseWriteOutcome.Created, (await PutAsync(cluster, "SWEEP-1")).Outcome);
        var grain = cluster.Client.GetGrain<ICaseGrain>(RegistryKeys.Case("read-site", "SWEEP-1"));
        await grain.EnsurePublishedAsync();

        Assert.Equal(1, (await grain.GetStatisticsEntryAsync()).Version);
    }

    private static Task<CaseWriteResult> PutAsync(InProcessTestCluster cluster, string caseId)
    {
        var validated = TestCases.Validate(TestCases.Dystrophic(caseId));
        return cluster.Client.GetGrain<ICaseGrain>(RegistryKeys.Case("read-site", caseId))
            .PutAsync(validated.Document!, validated.Warnings, ifMatch: null);
    }
}
