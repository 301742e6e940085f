using System.Runtime.CompilerServices;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>A site's live cases, read page by page from its index and fetched from their grains a page at a time.</summary>
internal static class SiteCases
{
    public const int PageSize = 500;

    /// <summary>Every live case in case-id order, as stored now; one withdrawn since the index was read is left out.</summary>
    public static async IAsyncEnumerable<CaseSnapshot> ReadAsync(
        IGrainFactory grains, string siteId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var site = grains.GetRegistryGrain<ISiteGrain>(RegistryKeys.Site(siteId));
        string? after = null;
        do
        {
            var page = await site.ListAsync(after, PageSize);
            var snapshots = await Task.WhenAll(page.Items.Select(entry =>
                grains.GetRegistryGrain<ICaseGrain>(RegistryKeys.Case(siteId, entry.CaseId)).GetAsync()));
            foreach (var snapshot in snapshots)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (snapshot is not null)
                {
                    yield return snapshot;
                }
            }

            after = page.NextAfter;
        }
        while (after is not null);
    }

    public static async IAsyncEnumerable<CaseDocument> DocumentsAsync(
        IAsyncEnumerable<CaseSnapshot> snapshots, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var snapshot in snapshots.WithCancellation(cancellationToken))
        {
            yield return CaseJson.Deserialize(snapshot.DocumentJson);
        }
    }
}
