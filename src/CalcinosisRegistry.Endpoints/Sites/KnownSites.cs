using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Endpoints.Security;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Endpoints.Sites;

/// <summary>
/// The registered sites, for refusing a request about a site that does not exist before any grain of that site is
/// activated (finding 14.4). The list is cached for a second and re-read on a miss, so a site registered a moment
/// ago is found at once. With access control switched off nobody registers sites, so the sites that hold cases
/// count as known too.
/// </summary>
public sealed class KnownSites(IGrainFactory grains, IMemoryCache cache, IOptions<RegistrySecurityOptions> options)
{
    private const string CacheKey = "registry:known-sites";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    public bool AccessControlled => options.Value.Enabled;

    public async Task<bool> ExistsAsync(string siteId) =>
        (cache.TryGetValue(CacheKey, out HashSet<string>? cached) && cached!.Contains(siteId))
        || (await ReadAsync()).Contains(siteId);

    public Task<IReadOnlyList<RegistrySite>> ListAsync() =>
        grains.GetRegistryGrain<IAccessControlGrain>(RegistryKeys.AccessControl).GetSitesAsync();

    private async Task<HashSet<string>> ReadAsync()
    {
        var known = (await ListAsync()).Select(site => site.SiteId).ToHashSet(StringComparer.Ordinal);
        if (!AccessControlled)
        {
            known.UnionWith(await grains.GetRegistryGrain<ISiteDirectoryGrain>(RegistryKeys.SiteDirectory).GetSitesAsync());
        }

        cache.Set(CacheKey, known, CacheFor);
        return known;
    }
}
