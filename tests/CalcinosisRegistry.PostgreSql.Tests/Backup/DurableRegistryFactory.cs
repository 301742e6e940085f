using System.Globalization;
using CalcinosisRegistry.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CalcinosisRegistry.PostgreSql.Tests.Backup;

/// <summary>
/// The real registry host (silo and HTTP API) in durable mode on one database, with access control on, its own
/// ports and the given cluster and service ids, as an operator runs it.
/// </summary>
internal sealed class DurableRegistryFactory(string connectionString, string clusterId, string serviceId) : WebApplicationFactory<Program>
{
    public const string AdminToken = "backup-drill-admin-token-2b7c9e41f0";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        var ports = FreePorts.Take(2);
        builder.UseSetting("ConnectionStrings:Registry", connectionString);
        builder.UseSetting("Registry:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:ClusterId", clusterId);
        builder.UseSetting("Registry:ServiceId", serviceId);
        builder.UseSetting("Registry:BootstrapAdminToken", AdminToken);
    }
}
