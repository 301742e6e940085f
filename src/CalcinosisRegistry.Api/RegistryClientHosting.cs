using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Persistence.PostgreSql;
using Orleans.Configuration;
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
        builder.UseOrleansClient(client =>
        {
            client.Services.AddSerializer(serializer => serializer.AddRegistryDomainTypes());
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
