using System.Globalization;
using CalcinosisRegistry.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CalcinosisRegistry.Operations.Tests.Infrastructure;

/// <summary>
/// The real registry host (embedded silo, in memory) with access control on, a known bootstrap admin token and the
/// dashboard switched on, as compose and Kubernetes run it. Own ports and cluster id per instance.
/// </summary>
public class OperationsRegistryFactory : WebApplicationFactory<Program>
{
    public const string AdminToken = "operations-tests-admin-token-5d1e8b20c4";

    private readonly string _clusterId = $"ops-tests-{Guid.NewGuid():N}";

    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        var ports = FreePorts.Take(2);
        builder.UseSetting("Registry:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:ClusterId", _clusterId);
        builder.UseSetting("Registry:ServiceId", _clusterId);
        builder.UseSetting("Registry:BootstrapAdminToken", AdminToken);
        builder.UseSetting("Registry:Dashboard", "true");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
