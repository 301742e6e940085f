using System.Globalization;
using CalcinosisRegistry.Silo.Hosting;
using CalcinosisRegistry.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// The embedded registry host (silo, HTTP API and web application) in this process on Kestrel, with access control
/// on and the rate limit lifted, so the <c>web</c> scenario can load it over HTTP and render its pages with the
/// host's own services. The entry point is found through a public type of the silo's assembly (this program has
/// a <c>Program</c> of its own).
/// </summary>
public sealed class WebRenderHost : WebApplicationFactory<RegistrySiloOptions>
{
    private const string LiftedRateLimit = "100000000";
    private readonly string _clusterId = $"bench-web-{Guid.NewGuid():N}";

    public WebRenderHost(string bootstrapAdminToken)
    {
        BootstrapAdminToken = bootstrapAdminToken;
        Port = FreePorts.Take(1)[0];
        UseKestrel(Port);
    }

    public string BootstrapAdminToken { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // The silo's appsettings.json and static web assets manifests are copied next to this program.
        builder.UseContentRoot(AppContext.BaseDirectory);
        var ports = FreePorts.Take(2);
        builder.UseSetting("Registry:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:ClusterId", _clusterId);
        builder.UseSetting("Registry:ServiceId", _clusterId);
        builder.UseSetting("Registry:BootstrapAdminToken", BootstrapAdminToken);
        builder.UseSetting("Registry:Security:Enabled", "true");
        builder.UseSetting("Registry:Security:RateLimitPerSecond", LiftedRateLimit);
        builder.UseSetting("Registry:Security:RateLimitBurst", LiftedRateLimit);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
