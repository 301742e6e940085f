using System.Reflection;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Persistence.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace CalcinosisRegistry.PostgreSql.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database plus a two-silo in-process Orleans cluster wired ONLY through
/// <see cref="RegistryPostgreSqlHosting"/>: ADO.NET clustering (the test cluster's in-memory membership is
/// switched off), ADO.NET grain storage and ADO.NET reminders. The client finds gateways via the database too.
/// </summary>
/// <remarks>xunit creates one instance per test class that uses it, so every such class has its own database.</remarks>
public sealed class RegistryClusterFixture : IAsyncLifetime
{
    public const string StorageName = "registry";

    private InProcessTestCluster? _cluster;

    public string ConnectionString { get; private set; } = string.Empty;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgreSqlServer.CreateDatabaseAsync("cluster");
        await RegistryDatabaseMigrator.MigrateAsync(ConnectionString, NullLogger.Instance, CancellationToken.None);

        var connectionString = ConnectionString;
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        UseDatabaseMembership(builder.Options);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseRegistryPostgreSql(connectionString, StorageName);
            // The persistence brings the registry's contracts along (its index store stores their entries), and
            // Orleans checks at start-up that every such type has a codec: the Domain types need theirs.
            silo.Services.AddSerializer(serializer => serializer.AddRegistryDomainTypes());
            // Orleans refuses reminder periods under one minute by default; the reminder test uses one second.
            silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromMilliseconds(100));
        });
        builder.ConfigureClient(client =>
        {
            client.UseRegistryPostgreSqlClustering(connectionString);
            client.Services.AddSerializer(serializer => serializer.AddRegistryDomainTypes());
        });

        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    /// <summary>
    /// Switches the test cluster from its in-memory membership table (and the in-memory grain directory built on
    /// it) to whatever the silos configure, i.e. our ADO.NET clustering. In Orleans 10.4.2 the switch
    /// <c>UseTestClusterMembership</c> is internal on <see cref="InProcessTestClusterOptions"/> and defaults to true;
    /// left on, the test cluster registers its own IMembershipTable and IGatewayListProvider AFTER ours and the
    /// database would never be used. Reflection is the least invasive way to turn it off; fail loudly if it moves.
    /// </summary>
    private static void UseDatabaseMembership(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty(
            "UseTestClusterMembership", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("InProcessTestClusterOptions.UseTestClusterMembership no longer exists; revisit this fixture.");
        property.SetValue(options, false);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        if (ConnectionString.Length > 0)
        {
            await PostgreSqlServer.DropDatabaseAsync(ConnectionString);
        }
    }
}
