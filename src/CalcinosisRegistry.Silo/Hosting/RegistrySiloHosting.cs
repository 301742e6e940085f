using System.Net.Sockets;
using System.Net;
using CalcinosisRegistry.Contracts.Storage;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Endpoints.Operations;
using CalcinosisRegistry.Grains.Hosting;
using CalcinosisRegistry.Persistence.PostgreSql.Audit;
using CalcinosisRegistry.Persistence.PostgreSql;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace CalcinosisRegistry.Silo.Hosting;

public static class RegistrySiloHosting
{
    public const string DefaultUrl = "http://localhost:5080";
    public const string ConnectionStringName = "Registry";

    /// <summary>
    /// Configures the silo: embedded (one silo, in memory) unless <c>ConnectionStrings:Registry</c> is set, in which
    /// case clustering, grain state and reminders all live in that PostgreSQL database.
    /// </summary>
    public static WebApplicationBuilder AddRegistrySilo(this WebApplicationBuilder builder, RegistryCommandLine commandLine)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var options = builder.Configuration.GetSection(RegistrySiloOptions.Section).Get<RegistrySiloOptions>() ?? new RegistrySiloOptions();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        var durable = !string.IsNullOrWhiteSpace(connectionString);
        if (durable && options.MigrateOnStart)
        {
            // Registered before Orleans so it completes before the silo's providers read their queries.
            builder.Services.AddHostedService(services => new DatabaseMigrationService(connectionString!, services.GetRequiredService<ILogger<DatabaseMigrationService>>()));
        }

        builder.UseOrleans(silo =>
        {
            // Grain calls become activities of the OpenTelemetry traces (RegistryTelemetry subscribes to Orleans' sources).
            silo.AddActivityPropagation();
            silo.AddRegistryGrains(enforceSiteIsolation: builder.Configuration.GetValue("Registry:Security:Enabled", true));
            // Failure detection is tunable per deployment (e.g. Registry__Membership__ProbeTimeout=00:00:02).
            silo.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection($"{RegistrySiloOptions.Section}:Membership"));
            if (options.Dashboard)
            {
                silo.AddDashboard();
            }

            if (durable)
            {
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = options.ClusterId;
                    cluster.ServiceId = options.ServiceId;
                });
                if (options.Kubernetes)
                {
                    silo.UseKubernetesHosting();
                }
                else
                {
                    silo.ConfigureEndpoints(AdvertisedAddress(options), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                }

                silo.UseRegistryPostgreSql(connectionString!, RegistryStorage.Name);
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                silo.AddRegistryInMemoryStorage();
            }
        });

        var health = builder.Services.AddHealthChecks().AddCheck<SiloMembershipHealthCheck>("membership", tags: [RegistryHealth.ReadyTag]);
        if (durable)
        {
            health.AddCheck("database", new DatabaseHealthCheck(connectionString!), tags: [RegistryHealth.ReadyTag]);
            // The same writer the grain storage commits audited case writes through (UseRegistryPostgreSql).
            builder.Services.AddSingleton<IAuditLog>(services => services.GetRequiredService<PostgreSqlAuditLog>());
        }
        else
        {
            builder.Services.AddHostedService<EmbeddedModeNotice>();
        }

        if (commandLine.LoadDemoCohort)
        {
            builder.Services.AddHostedService<DemoCohortLoader>();
        }

        return builder;
    }

    private static IPAddress AdvertisedAddress(RegistrySiloOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.AdvertisedIp))
        {
            return IPAddress.Parse(options.AdvertisedIp);
        }

        return options.AdvertiseHostAddress
            ? Dns.GetHostAddresses(Dns.GetHostName()).First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            : IPAddress.Loopback;
    }
}
