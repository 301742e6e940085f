using CalcinosisRegistry.Testing;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CalcinosisRegistry.Api.Tests.Infrastructure;

/// <summary>
/// The real registry host (embedded silo, in-memory storage, HTTP API) on an in-memory test server. Every instance
/// gets its own free silo and gateway ports and its own cluster id, so test classes, each with its own factory, run
/// side by side without sharing a silo or its statistics.
/// </summary>
public sealed class RegistryApiFactory : WebApplicationFactory<Program>
{
    private readonly string _clusterId = $"api-tests-{Guid.NewGuid():N}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        var ports = FreePorts.Take(2);
        var (siloPort, gatewayPort) = (ports[0], ports[1]);
        builder.UseSetting("Registry:SiloPort", siloPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:GatewayPort", gatewayPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:ClusterId", _clusterId);
        builder.UseSetting("Registry:ServiceId", _clusterId);

        // These tests cover the API's behaviour for a permitted caller; access control has its own tests.
        builder.UseSetting("Registry:Security:Enabled", "false");
    }
}
