using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>Says at start-up whether a bootstrap admin token exists, how long it lasts, and prints a generated one once.</summary>
internal sealed class BootstrapTokenNotice(BootstrapAdminToken bootstrap, IOptions<RegistrySecurityOptions> options, ILogger<BootstrapTokenNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogWarning("ACCESS CONTROL IS SWITCHED OFF (Registry:Security:Enabled=false): anyone can read and change every case. Never do this with real data.");
            return Task.CompletedTask;
        }

        var limits = (bootstrap.ExpiresAt is { } expiry ? $" It expires at {expiry:O}." : " It never expires (set Registry__BootstrapAdminTokenExpiresAt).")
            + (bootstrap.RetiresWhenAdminExists
                ? " It stops working once a registry user with the admin role exists."
                : " It keeps working after other admins exist (set Registry__BootstrapAdminTokenRetiresWhenAdminExists=true to retire it).");
        if (!bootstrap.Exists)
        {
            logger.LogWarning("No bootstrap admin token: Registry__BootstrapAdminToken is unset and the registry is durable, so none is generated. Set one to provision sites and users.");
        }
        else if (bootstrap.Generated)
        {
            logger.LogWarning(
                "Bootstrap admin token (generated for this process; set Registry__BootstrapAdminToken to choose one): {Token}  " +
                "Use it as 'Authorization: Bearer <token>' to create sites, users and their tokens under /api/admin.{Limits}", bootstrap.Token, limits);
        }
        else
        {
            logger.LogWarning("The bootstrap admin token from Registry__BootstrapAdminToken is accepted.{Limits}", limits);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
