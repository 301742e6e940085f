using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace CalcinosisRegistry.Grains.Sites;

/// <summary>
/// The index of a site's cases. The entries live one row per case in <see cref="IRegistryIndexStore"/>, so a case
/// write stores that case's entry only, whatever the site's size. Reentrant so that concurrent case writes share one
/// store call (group commit); every change is made synchronously between awaits, so interleaving cannot tear it.
/// </summary>
[Reentrant]
public sealed class SiteGrain(
    IRegistryIndexStore store,
    ILogger<SiteGrain> logger) : Grain, ISiteGrain
{
    /// <summary>Every case the site ever had, by case id (ordinal order), withdrawn ones as tombstones.</summary>
    private readonly SortedDictionary<string, SiteCaseEntry> _cases = new(StringComparer.Ordinal);
    private BatchedIndexWriter? _writer;

    /// <summary>
    /// Whether the site directory lists this site. An entry is only ever stored after the registration succeeded, so
    /// a site with stored entries is listed.
    /// </summary>
    private bool _listedInDirectory;

    private string SiteId => this.GetPrimaryKeyString()["site:".Length..];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var siteId = SiteId;
        _writer = new BatchedIndexWriter(
            keys => store.UpsertSiteEntriesAsync(siteId, [.. keys.Select(key => _cases[key])]),
            () => store.UpsertSiteEntriesAsync(siteId, [.. _cases.Values]),
            exception => logger.LogWarning(exception, "Storing index entries of site {SiteId} failed; they are stored again with the next batch or republication", siteId));

        var stored = await store.LoadSiteAsync(siteId);

        foreach (var entry in stored)
        {
            _cases[entry.CaseId] = entry;
        }

        _listedInDirectory = _cases.Count > 0;
    }

    /// <summary>A graceful deactivation (idle collection, a silo shutting down) first stores what a case write left in flight.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writer!.StoreBeforeDeactivationAsync(cancellationToken);

    public async Task RecordAsync(SiteCaseEntry entry)
    {
        if (IsKnown(entry))
        {
            // Known already: a repeat (a retry, or the sweeper's republication) waits for the store, so it stores
            // again what a failed background store left behind instead of trusting memory.
            await _writer!.EnsureStoredAsync();
            return;
        }

        if (!_listedInDirectory)
        {
            // Before the entry is changed: if registering fails, nothing is half-done and a retry starts afresh.
            await GrainFactory.GetRegistryGrain<ISiteDirectoryGrain>(RegistryKeys.SiteDirectory).RegisterAsync(SiteId);
            _listedInDirectory = true;
            if (IsKnown(entry))
            {
                // A newer version arrived while registering; it is stored (or being stored) by its own call.
                await _writer!.EnsureStoredAsync();
                return;
            }
        }

        _cases[entry.CaseId] = entry;
        // Not awaited: the case's version is already committed and marked pending publication, and the sweeper
        // settles that mark only once this row is stored. So the case write need not wait for the index's own
        // round trip; a failed store keeps the key for the next batch, and a republication makes sure of it.
        _writer!.StoreInBackground(entry.CaseId);
    }

    public Task<SiteCasePage> ListAsync(string? afterCaseId, int limit)
    {
        var live = _cases.Values.Where(c => !c.Withdrawn);
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
        Task.FromResult<IReadOnlyList<string>>([.. _cases.Keys]);

    private bool IsKnown(SiteCaseEntry entry) =>
        _cases.TryGetValue(entry.CaseId, out var known) && known.Version >= entry.Version;

}
