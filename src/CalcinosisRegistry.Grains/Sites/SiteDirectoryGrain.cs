using CalcinosisRegistry.Contracts.Sites;

namespace CalcinosisRegistry.Grains.Sites;

/// <summary>The list of sites that hold cases; written once per site, so it is never a hot spot.</summary>
public sealed class SiteDirectoryGrain(
    [PersistentState("site-directory", RegistryStorage.Name)] IPersistentState<SiteDirectoryState> state) : Grain, ISiteDirectoryGrain
{
    public async Task RegisterAsync(string siteId)
    {
        if (state.State.Sites.Add(siteId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> GetSitesAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Sites]);
}
