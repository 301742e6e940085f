using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Bulk;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Endpoints.Operations;
using CalcinosisRegistry.Persistence.PostgreSql;
using CalcinosisRegistry.Persistence.PostgreSql.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.Bulk;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;

namespace CalcinosisRegistry.Api;

public static class RegistryClientHosting
{
    /// <summary>
    /// Connects to the cluster: through the PostgreSQL membership table when <c>ConnectionStrings:Registry</c> is
    /// set (gateways come and go), otherwise to the embedded silo's gateway on this machine.
    /// </summary>
    public static WebApplicationBuilder AddRegistryClusterClient(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Registry");
        var section = builder.Configuration.GetSection("Registry");
        var dashboard = section.GetValue<bool>("Dashboard");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            // The audit trail is written by whichever process answers the request, into the one shared chain.
            builder.Services.AddSingleton<IAuditLog>(_ => new PostgreSqlAuditLog(connectionString));
            // Imports are staged in the shared tables, so any front end (or silo) can page or commit them.
            builder.Services.AddSingleton<IImportStagingStore>(_ => new PostgreSqlImportStagingStore(connectionString, section["ServiceId"] ?? "calcinosis-registry"));
            // So the front end is ready only when the database its audit trail is written to answers.
            builder.Services.AddHealthChecks().AddCheck("database", new DatabaseHealthCheck(connectionString), tags: [RegistryHealth.ReadyTag]);
        }

        builder.UseOrleansClient(client =>
        {
            client.Services.AddSerializer(serializer => serializer.AddRegistryDomainTypes());
            client.AddActivityPropagation();
            if (dashboard)
            {
                // The silos must run with Registry__Dashboard=true too: the dashboard's data comes from their grains.
                client.AddDashboard();
            }

            if (string.IsNullOrWhiteSpace(connectionString))
            {
                client.UseLocalhostClustering(section.GetValue("GatewayPort", 30000), section["ServiceId"] ?? "calcinosis-registry", section["ClusterId"] ?? "calcinosis-registry");
            }
            else
            {
                client.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = section["ClusterId"] ?? "calcinosis-registry";
                    cluster.ServiceId = section["ServiceId"] ?? "calcinosis-registry";
                });
                client.UseRegistryPostgreSqlClustering(connectionString);
            }
        });
        return builder;
    }
}
