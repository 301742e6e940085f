using CalcinosisRegistry.Testing;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CalcinosisRegistry.Security.Tests.Infrastructure;

/// <summary>
/// The real registry host (embedded silo, in-memory storage, HTTP API) with access control ON: a known bootstrap
/// admin token, and Registry:Security:Enabled left at its default. Every instance has its own free silo and gateway
/// ports and its own cluster id, so factories run side by side. The clock is a <see cref="ShiftableTimeProvider"/>,
/// so token expiry can be tested without waiting a day. Unauthenticated requests get the same rate limit as tokens,
/// and every refusal is recorded one by one, unless a test sets those (their own tests do, through <c>configure</c>).
/// </summary>
public sealed class SecuredRegistryFactory(int rateLimitPerSecond, int rateLimitBurst, Action<IWebHostBuilder>? configure = null) : WebApplicationFactory<Program>
{
    public const string BootstrapAdminToken = "security-tests-bootstrap-admin-token-7f3a9c";

    private readonly string _clusterId = $"security-tests-{Guid.NewGuid():N}";

    public ShiftableTimeProvider Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        var ports = FreePorts.Take(2);
        var (siloPort, gatewayPort) = (ports[0], ports[1]);
        builder.UseSetting("Registry:SiloPort", siloPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:GatewayPort", gatewayPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:ClusterId", _clusterId);
        builder.UseSetting("Registry:ServiceId", _clusterId);
        builder.UseSetting("Registry:BootstrapAdminToken", BootstrapAdminToken);
        builder.UseSetting("Registry:Security:RateLimitPerSecond", rateLimitPerSecond.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:Security:RateLimitBurst", rateLimitBurst.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:Security:AnonymousRateLimitPerSecond", rateLimitPerSecond.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:Security:AnonymousRateLimitBurst", rateLimitBurst.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Registry:Security:RefusalsRecordedPerInterval", "1000000");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
        configure?.Invoke(builder);
    }
}
