using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CalcinosisRegistry.Silo.Hosting;

/// <summary>Says plainly, at start-up, that the embedded registry keeps nothing once it stops.</summary>
internal sealed class EmbeddedModeNotice(ILogger<EmbeddedModeNotice> logger, IHostApplicationLifetime lifetime, IServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
            logger.LogWarning(
                "EMBEDDED MODE: one silo with IN-MEMORY storage. NOTHING IS DURABLE: every case is lost when this process stops. " +
                "Set ConnectionStrings__Registry to a PostgreSQL connection string for a durable registry. Serving {Addresses}; API reference at /docs.",
                string.Join(", ", addresses ?? []));
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
