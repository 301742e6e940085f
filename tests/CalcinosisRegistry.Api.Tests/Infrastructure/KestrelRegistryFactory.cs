using System.Globalization;
using CalcinosisRegistry.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CalcinosisRegistry.Api.Tests.Infrastructure;

/// <summary>
/// The real registry host with access control on, served by Kestrel on a free loopback port, for clients outside
/// the test process (a generated client, curl). The bootstrap admin token is <see cref="AdminToken"/>.
/// </summary>
public sealed class KestrelRegistryFactory : WebApplicationFactory<Program>
{
    public const string AdminToken = "kestrel-tests-bootstrap-admin-token-51c2e8";

    private readonly string _clusterId = $"kestrel-tests-{Guid.NewGuid():N}";
    private readonly int _httpPort;

    public KestrelRegistryFactory()
    {
        _httpPort = FreePorts.Take(1)[0];
        UseKestrel(_httpPort);
        StartServer();
    }

    public string BaseUrl => $"http://127.0.0.1:{_httpPort.ToString(CultureInfo.InvariantCulture)}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        var ports = FreePorts.Take(2);
        builder.UseSetting("Registry:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:ClusterId", _clusterId);
        builder.UseSetting("Registry:ServiceId", _clusterId);
        builder.UseSetting("Registry:BootstrapAdminToken", AdminToken);
    }
}
