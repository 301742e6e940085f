using System.Text.Json;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Storage;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using CalcinosisRegistry.Domain.Validation;
using CalcinosisRegistry.Grains.Hosting;
using CalcinosisRegistry.Persistence.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace CalcinosisRegistry.PostgreSql.Tests.Index;

/// <summary>The registry's grains in a one-silo test cluster on a real database, and a researcher's case write.</summary>
internal static class RegistryOnPostgreSql
{
    /// <summary>
    /// The test cluster's own membership is kept (only the grains' storage matters here); the service id is chosen
    /// by the test, so that a second cluster can read the first one's rows.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(string connectionString, string serviceId)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) => silo
            .AddRegistryGrains(enforceSiteIsolation: false)
            .UseRegistryPostgreSql(connectionString, RegistryStorage.Name));
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddRegistryDomainTypes()));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static async Task StopAsync(InProcessTestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }

    /// <summary>Validates the case as the front end does and creates it; fails the test unless it was created.</summary>
    public static async Task PutAsync(IClusterClient client, SyntheticCase synthetic)
    {
        var grain = client.GetGrain<ICaseGrain>(RegistryKeys.Case(synthetic.SiteId, synthetic.Document.CaseId));
        Assert.Equal(CaseWriteOutcome.Created, (await PutAsync(grain, synthetic.Document)).Outcome);
    }

    /// <summary>Validates the document as the front end does and PUTs it without If-Match, whatever the outcome.</summary>
    public static Task<CaseWriteResult> PutAsync(ICaseGrain grain, CaseDocument document)
    {
        var validated = CaseDocumentValidator.Validate(JsonSerializer.SerializeToUtf8Bytes(document, CaseJson.Options), DateTime.UtcNow.Year);
        Assert.True(validated.IsValid, string.Join("; ", validated.Errors));
        return grain.PutAsync(validated.Document!, validated.Warnings, ifMatch: null);
    }
}
