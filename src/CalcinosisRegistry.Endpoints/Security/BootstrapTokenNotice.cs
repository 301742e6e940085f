using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>Prints a generated bootstrap admin token once at start-up, so a fresh install can be provisioned.</summary>
internal sealed class BootstrapTokenNotice(BootstrapAdminToken bootstrap, IOptions<RegistrySecurityOptions> options, ILogger<BootstrapTokenNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogWarning("ACCESS CONTROL IS SWITCHED OFF (Registry:Security:Enabled=false): anyone can read and change every case. Never do this with real data.");
        }
        else if (bootstrap.Generated)
        {
            logger.LogWarning(
                "Bootstrap admin token (generated for this process; set Registry__BootstrapAdminToken to choose one): {Token}  " +
                "Use it as 'Authorization: Bearer <token>' to create sites, users and their tokens under /api/admin.", bootstrap.Token);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
