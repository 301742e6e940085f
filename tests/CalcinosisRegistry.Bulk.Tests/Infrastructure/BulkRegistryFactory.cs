using System.Globalization;
using CalcinosisRegistry.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CalcinosisRegistry.Bulk.Tests.Infrastructure;

/// <summary>
/// The real registry host (embedded silo, in-memory storage, HTTP API) with access control on and a known bootstrap
/// admin token; its own ports and cluster id, so factories run side by side. The rate limit is raised because bulk
/// tests load many cases.
/// </summary>
public sealed class BulkRegistryFactory : WebApplicationFactory<Program>
{
    public const string BootstrapAdminToken = "bulk-tests-bootstrap-admin-token-51c2e8";

    private readonly string _clusterId = $"bulk-tests-{Guid.NewGuid():N}";

    /// <summary>The host's clock (the API's TimeProvider), which a test may move forward.</summary>
    public ShiftableClock Clock { get; } = new();

    /// <summary>Registry:Bulk:ScratchDirectory of this host: a directory of its own, so a test can watch it.</summary>
    public string ScratchDirectory { get; } = Directory.CreateTempSubdirectory("bulk-tests-scratch-").FullName;

    /// <summary>Changes to the host's services after the registry's own (e.g. a store wrapped to hold a call).</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        var ports = FreePorts.Take(2);
        builder.UseSetting("Registry:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:ClusterId", _clusterId);
        builder.UseSetting("Registry:ServiceId", _clusterId);
        builder.UseSetting("Registry:BootstrapAdminToken", BootstrapAdminToken);
        builder.UseSetting("Registry:Security:RateLimitPerSecond", "100000");
        builder.UseSetting("Registry:Security:RateLimitBurst", "100000");
        builder.UseSetting("Registry:Bulk:ScratchDirectory", ScratchDirectory);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            ExtraServices?.Invoke(services);
        });
    }
}

