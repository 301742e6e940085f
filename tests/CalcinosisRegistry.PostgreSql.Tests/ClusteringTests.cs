using CalcinosisRegistry.PostgreSql.Tests.Grains;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Messaging;
using Orleans.Runtime.Membership;

namespace CalcinosisRegistry.PostgreSql.Tests;

/// <summary>Membership and gateway list through the real ADO.NET clustering provider on our schema.</summary>
public sealed class ClusteringTests(RegistryClusterFixture fixture) : IClassFixture<RegistryClusterFixture>
{
    private string ClusterId => fixture.Cluster.Options.ClusterId;

    [Fact]
    public async Task Two_silos_form_a_cluster_recorded_as_active_members()
    {
        Assert.Equal(2, await SqlProbe.CountAsync(fixture.ConnectionString,
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = @deployment AND status = 3 AND proxy_port > 0",
            ("deployment", ClusterId)));
        // Two joins and two status changes at least, each bumping the version under the row lock.
        Assert.True(await SqlProbe.CountAsync(fixture.ConnectionString,
            "SELECT version FROM orleans_membership_version WHERE deployment_id = @deployment", ("deployment", ClusterId)) >= 4);
    }

    [Fact]
    public async Task The_client_finds_gateways_in_the_database_and_calls_a_grain()
    {
        var gatewayList = fixture.Cluster.Client.ServiceProvider.GetRequiredService<IGatewayListProvider>();
        Assert.IsType<AdoNetGatewayListProvider>(gatewayList);
        Assert.Equal(2, (await gatewayList.GetGateways()).Count);

        var grain = fixture.Cluster.Client.GetGrain<ICounterGrain>("k-through-gateway");
        await grain.SetAsync(42, "via gateway");
        Assert.Equal(42, (await grain.GetAsync()).Value);
    }

    [Fact]
    public async Task The_gateway_query_skips_silos_without_a_gateway()
    {
        const string deployment = "gateway-probe";
        var now = DateTime.UtcNow;
        await MembershipRows.EnsureVersionRowAsync(fixture.ConnectionString, deployment);
        await MembershipRows.InsertAsync(fixture.ConnectionString, deployment, "10.0.0.1", MembershipRows.Active, 30000, now, now);
        await MembershipRows.InsertAsync(fixture.ConnectionString, deployment, "10.0.0.2", MembershipRows.Active, 0, now, now);
        await MembershipRows.InsertAsync(fixture.ConnectionString, deployment, "10.0.0.3", MembershipRows.Dead, 30000, now, now);

        var gateways = new List<string>();
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(await SqlProbe.QueryTextAsync(fixture.ConnectionString, "GatewaysQueryKey"), connection);
        command.Parameters.AddWithValue("DeploymentId", deployment);
        command.Parameters.AddWithValue("Status", MembershipRows.Active);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            gateways.Add($"{reader.GetString(reader.GetOrdinal("Address"))}:{reader.GetInt32(reader.GetOrdinal("ProxyPort"))}");
        }

        Assert.Equal(["10.0.0.1:30000"], gateways);
    }

    [Fact]
    public async Task The_provider_cleans_up_a_long_dead_silo_and_keeps_the_active_ones()
    {
        // A silo that died a month ago, staged in the live deployment (Orleans ignores Dead rows).
        var monthAgo = DateTime.UtcNow.AddDays(-30);
        await MembershipRows.InsertAsync(fixture.ConnectionString, ClusterId, "10.9.9.9", MembershipRows.Dead, 30000, monthAgo, monthAgo);

        var membershipTable = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IMembershipTable>();
        await membershipTable.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddDays(-7), CancellationToken.None);

        Assert.Equal(0, await MembershipRows.CountAsync(fixture.ConnectionString, ClusterId, "10.9.9.9"));
        Assert.Equal(2, await SqlProbe.CountAsync(fixture.ConnectionString,
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = @deployment AND status = 3", ("deployment", ClusterId)));
    }

    [Fact]
    public async Task The_cleanup_queries_delete_only_old_dead_rows()
    {
        const string deployment = "cleanup-probe";
        var monthAgo = DateTime.UtcNow.AddDays(-30);
        var recently = DateTime.UtcNow.AddMinutes(-1);
        await MembershipRows.EnsureVersionRowAsync(fixture.ConnectionString, deployment);
        await MembershipRows.InsertAsync(fixture.ConnectionString, deployment, "10.1.0.1", MembershipRows.Active, 30000, monthAgo, monthAgo);
        await MembershipRows.InsertAsync(fixture.ConnectionString, deployment, "10.1.0.2", MembershipRows.Dead, 30000, monthAgo, monthAgo);
        await MembershipRows.InsertAsync(fixture.ConnectionString, deployment, "10.1.0.3", MembershipRows.Dead, 30000, monthAgo, recently);
        await MembershipRows.InsertAsync(fixture.ConnectionString, deployment, "10.1.0.4", MembershipRows.Dead, 30000, monthAgo, monthAgo, "seen");

        // Bulk key: everything Dead and silent since the cutoff.
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var bulk = new NpgsqlCommand(await SqlProbe.QueryTextAsync(fixture.ConnectionString, "CleanupDefunctSiloEntriesKey"), connection);
            bulk.Parameters.AddWithValue("DeploymentId", deployment);
            bulk.Parameters.AddWithValue("IAmAliveTime", DateTime.UtcNow.AddDays(-7));
            await bulk.ExecuteNonQueryAsync();
        }

        Assert.Equal(1, await MembershipRows.CountAsync(fixture.ConnectionString, deployment, "10.1.0.1"));
        Assert.Equal(0, await MembershipRows.CountAsync(fixture.ConnectionString, deployment, "10.1.0.2"));
        Assert.Equal(1, await MembershipRows.CountAsync(fixture.ConnectionString, deployment, "10.1.0.3"));
        Assert.Equal(0, await MembershipRows.CountAsync(fixture.ConnectionString, deployment, "10.1.0.4"));
        Assert.Equal(1, await SqlProbe.CountAsync(fixture.ConnectionString,
            "SELECT count(*) FROM orleans_membership_version WHERE deployment_id = @deployment", ("deployment", deployment)));

        // Per-row key: compare-and-delete, so a row whose captured values changed meanwhile survives.
        await MembershipRows.InsertAsync(fixture.ConnectionString, deployment, "10.1.0.5", MembershipRows.Dead, 30000, monthAgo, monthAgo, "old-votes");
        await RunSingleCleanupAsync(deployment, "10.1.0.5", monthAgo, monthAgo, suspectTimes: "different-votes");
        Assert.Equal(1, await MembershipRows.CountAsync(fixture.ConnectionString, deployment, "10.1.0.5"));
        await RunSingleCleanupAsync(deployment, "10.1.0.5", monthAgo, monthAgo, suspectTimes: "old-votes");
        Assert.Equal(0, await MembershipRows.CountAsync(fixture.ConnectionString, deployment, "10.1.0.5"));
    }

    private async Task RunSingleCleanupAsync(string deployment, string address, DateTime startTime, DateTime iAmAliveTime, string? suspectTimes)
    {
        // Timestamps travel as timestamptz with microsecond precision; round the way PostgreSQL stored them.
        static DateTime Microseconds(DateTime value) => new(value.Ticks - (value.Ticks % 10), DateTimeKind.Utc);

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(await SqlProbe.QueryTextAsync(fixture.ConnectionString, "CleanupDefunctSiloEntryKey"), connection);
        command.Parameters.AddWithValue("DeploymentId", deployment);
        command.Parameters.AddWithValue("Address", address);
        command.Parameters.AddWithValue("Port", 11111);
        command.Parameters.AddWithValue("Generation", 1);
        command.Parameters.AddWithValue("StartTime", Microseconds(startTime));
        command.Parameters.AddWithValue("IAmAliveTime", Microseconds(iAmAliveTime));
        command.Parameters.Add(new NpgsqlParameter("SuspectTimes", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)suspectTimes ?? DBNull.Value });
        await command.ExecuteNonQueryAsync();
    }
}
