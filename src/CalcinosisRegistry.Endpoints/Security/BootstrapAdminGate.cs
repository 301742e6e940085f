using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Domain.Access;
using Microsoft.Extensions.Caching.Memory;

namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>
/// Whether the bootstrap admin token may be used now: not past its expiry, and not retired because a registry admin
/// exists (checked at most once a second). The API's bearer scheme and the web application's sessions both ask here,
/// so the token's limits are one rule.
/// </summary>
public sealed class BootstrapAdminGate(BootstrapAdminToken bootstrap, IGrainFactory grains, IMemoryCache cache, TimeProvider clock)
{
    private static readonly TimeSpan AdminCheckFor = TimeSpan.FromSeconds(1);

    /// <summary>Why the bootstrap token is refused now, or null when it may be used.</summary>
    public async Task<string?> RefusalAsync()
    {
        if (bootstrap.HasExpired(clock.GetUtcNow()))
        {
            return "The bootstrap admin token has expired.";
        }

        return bootstrap.RetiresWhenAdminExists && await AnAdminExistsAsync()
            ? "The bootstrap admin token is retired because a registry admin exists: use that admin's token."
            : null;
    }

    private async Task<bool> AnAdminExistsAsync()
    {
        const string cacheKey = "bootstrap:admin-exists";
        if (!cache.TryGetValue(cacheKey, out bool exists))
        {
            exists = (await grains.GetRegistryGrain<IAccessControlGrain>(RegistryKeys.AccessControl).GetUsersAsync())
                .Any(user => user.Role == RegistryRole.Admin);
            cache.Set(cacheKey, exists, AdminCheckFor);
        }

        return exists;
    }
}
