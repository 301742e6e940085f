namespace CalcinosisRegistry.Contracts.Sites;

/// <summary>The registry-wide list of sites that hold cases (one grain, <see cref="RegistryKeys.SiteDirectory"/>).</summary>
[Alias("calcinosis.ISiteDirectoryGrain")]
public interface ISiteDirectoryGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task RegisterAsync(string siteId);

    [Alias("Sites")]
    Task<IReadOnlyList<string>> GetSitesAsync();
}
