using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Grains.Infrastructure;

namespace CalcinosisRegistry.Grains.Sites;

/// <summary>
/// The index of a site's cases. Reentrant so that concurrent case writes share one storage write (group commit);
/// every change is made synchronously between awaits, so interleaving cannot tear it.
/// </summary>
[Reentrant]
public sealed class SiteGrain(
    [PersistentState("site", RegistryStorage.Name)] IPersistentState<SiteState> state) : Grain, ISiteGrain
{
    private BatchedStateWriter? _writer;

    private string SiteId => this.GetPrimaryKeyString()["site:".Length..];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new BatchedStateWriter(() => state.WriteStateAsync());
        return Task.CompletedTask;
    }

    public async Task RecordAsync(SiteCaseEntry entry)
    {
        var cases = state.State.Cases;
        if (cases.TryGetValue(entry.CaseId, out var known) && known.Version >= entry.Version)
        {
            // Known already, but a retry must not succeed on a change that only memory holds.
            await _writer!.EnsureStoredAsync();
            return;
        }

        cases[entry.CaseId] = entry;
        if (!state.State.ListedInDirectory)
        {
            await GrainFactory.GetGrain<ISiteDirectoryGrain>(RegistryKeys.SiteDirectory).RegisterAsync(SiteId);
            state.State.ListedInDirectory = true;
        }

        await _writer!.WriteAsync();
    }

    public Task<SiteCasePage> ListAsync(string? afterCaseId, int limit)
    {
        var live = state.State.Cases.Values.Where(c => !c.Withdrawn);
        var total = live.Count();
        var page = live
            .Where(c => afterCaseId is null || string.CompareOrdinal(c.CaseId, afterCaseId) > 0)
            .Take(limit + 1)
            .ToList();
        var hasMore = page.Count > limit;
        if (hasMore)
        {
            page.RemoveAt(limit);
        }

        return Task.FromResult(new SiteCasePage(page, total, hasMore ? page[^1].CaseId : null));
    }

    public Task<IReadOnlyList<string>> GetAllCaseIdsAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Cases.Keys]);
}
