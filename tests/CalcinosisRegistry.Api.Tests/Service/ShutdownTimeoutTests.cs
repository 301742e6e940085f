using CalcinosisRegistry.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Api.Tests.Service;

/// <summary>
/// A graceful stop is bounded by the registry's own limit (20 s unless <c>Registry__ShutdownTimeout</c> says
/// otherwise), inside the grace periods of the compose file and the Kubernetes manifests.
/// </summary>
public sealed class ShutdownTimeoutTests
{
    [Fact]
    public void The_host_gives_a_graceful_stop_twenty_seconds_by_default()
    {
        using var factory = new RegistryApiFactory();
        Assert.Equal(TimeSpan.FromSeconds(20), factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public void An_admin_sets_the_limit_with_Registry_ShutdownTimeout()
    {
        using var factory = new RegistryApiFactory().WithWebHostBuilder(builder => builder.UseSetting("Registry:ShutdownTimeout", "00:00:07"));
        Assert.Equal(TimeSpan.FromSeconds(7), factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }
}
