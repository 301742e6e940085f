using System.Globalization;
using CalcinosisRegistry.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CalcinosisRegistry.Web.Tests.Infrastructure;

/// <summary>
/// The real registry host (embedded silo, HTTP API and web application) on Kestrel on a free loopback port, with
/// access control on and a known bootstrap admin token, as a user runs it with <c>dotnet run</c>.
/// </summary>
public sealed class WebHost : WebApplicationFactory<Program>
{
    public const string BootstrapToken = "web-tests-bootstrap-admin-token-0123456789";
    private readonly string _clusterId = $"web-tests-{Guid.NewGuid():N}";

    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="settings">Configuration beyond the defaults (e.g. an OpenID Connect provider).</param>
    public WebHost(IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        Port = FreePorts.Take(1)[0];
        UseKestrel(Port);
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://localhost:{Port}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development, as `dotnet run` starts it: static web assets are served from the build output.
        builder.UseEnvironment("Development");
        var ports = FreePorts.Take(2);
        builder.UseSetting("Registry:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:ClusterId", _clusterId);
        builder.UseSetting("Registry:ServiceId", _clusterId);
        builder.UseSetting("Registry:BootstrapAdminToken", BootstrapToken);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
