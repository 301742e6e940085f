using System.Text.Json.Nodes;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Bulk;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Interchange;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>
/// Stages an upload's cases a batch at a time: judges each against the registry as it stands (new, changed with the
/// top-level fields that differ, unchanged, or refused) and appends it, with its faults, to the staging store. Only
/// cases the site's index already lists are read from their grains; only one batch is held at a time.
/// </summary>
internal static class ImportStager
{
    private const int Batch = 1000;
    private const int ReadBatch = 256;

    public static async Task<ImportStagingTally> StageAsync(
        IGrainFactory grains, IImportStagingStore store, string importKey, string siteId, IAsyncEnumerable<ImportedCase> cases,
        CancellationToken cancellationToken)
    {
        var existing = await ExistingCaseIdsAsync(grains, siteId);
        var tally = new ImportStagingTally(new ImportCounts(), 0, 0);
        var batch = new List<ImportedCase>(Batch);
        // The previous batch is stored while the next is read and validated.
        var appending = Task.CompletedTask;
        await foreach (var item in cases.WithCancellation(cancellationToken))
        {
            batch.Add(item);
            if (batch.Count == Batch)
            {
                (tally, appending) = await StageBatchAsync(grains, store, importKey, siteId, existing, batch, tally, appending, cancellationToken);
                batch = new List<ImportedCase>(Batch);
            }
        }

        (tally, appending) = await StageBatchAsync(grains, store, importKey, siteId, existing, batch, tally, appending, cancellationToken);
        await appending;
        return tally;
    }

    private static async Task<(ImportStagingTally, Task)> StageBatchAsync(
        IGrainFactory grains, IImportStagingStore store, string importKey, string siteId, HashSet<string> existing,
        List<ImportedCase> batch, ImportStagingTally tally, Task appending, CancellationToken cancellationToken)
    {
        var previewed = await PreviewAsync(grains, siteId, existing, batch, tally.Total);
        var faults = batch.SelectMany(c => c.Faults).Select(ImportProblems.Entry).ToList();
        await appending;
        var next = batch.Count == 0 ? Task.CompletedTask : store.AppendAsync(importKey, previewed, tally.Faults, faults, cancellationToken);
        return (tally.Add(previewed, faults.Count), next);
    }

    private static async Task<ImportCase[]> PreviewAsync(
        IGrainFactory grains, string siteId, HashSet<string> existing, List<ImportedCase> imported, int firstOrdinal)
    {
        var result = new ImportCase[imported.Count];
        var toRead = new List<int>();
        // Serializing the documents is the batch's main cost: spread over the cores.
        var documents = imported.AsParallel().AsOrdered().Select(item => item.IsValid ? CaseJson.Serialize(item.Document!) : null).ToArray();
        for (var i = 0; i < imported.Count; i++)
        {
            var item = imported[i];
            if (!item.IsValid)
            {
                result[i] = new ImportCase(item.CaseId, ImportPreview.Refused, [], 0, null, Ordinal: firstOrdinal + i);
            }
            else if (!existing.Contains(item.CaseId))
            {
                result[i] = new ImportCase(item.CaseId, ImportPreview.New, [], 0, documents[i], Ordinal: firstOrdinal + i);
            }
            else
            {
                toRead.Add(i);
            }
        }

        foreach (var chunk in toRead.Chunk(ReadBatch))
        {
            var snapshots = await Task.WhenAll(chunk.Select(i =>
                grains.GetRegistryGrain<ICaseGrain>(RegistryKeys.Case(siteId, imported[i].CaseId)).GetAsync()));
            for (var j = 0; j < chunk.Length; j++)
            {
                var item = imported[chunk[j]];
                var json = documents[chunk[j]]!;
                var ordinal = firstOrdinal + chunk[j];
                result[chunk[j]] = snapshots[j] is not { } stored
                    ? new ImportCase(item.CaseId, ImportPreview.New, [], 0, json, Ordinal: ordinal)
                    : ChangedFields(stored.DocumentJson, json) is { Count: > 0 } fields
                        ? new ImportCase(item.CaseId, ImportPreview.Changed, fields, stored.Version, json, Ordinal: ordinal)
                        : new ImportCase(item.CaseId, ImportPreview.Unchanged, [], stored.Version, json, Ordinal: ordinal);
            }
        }

        return result;
    }

    private static async Task<HashSet<string>> ExistingCaseIdsAsync(IGrainFactory grains, string siteId)
    {
        var site = grains.GetRegistryGrain<ISiteGrain>(RegistryKeys.Site(siteId));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;
        do
        {
            var page = await site.ListAsync(after, SiteCases.PageSize);
            ids.UnionWith(page.Items.Select(item => item.CaseId));
            after = page.NextAfter;
        }
        while (after is not null);
        return ids;
    }

    /// <summary>The top-level properties whose values differ, in the document's order.</summary>
    private static List<string> ChangedFields(string storedJson, string importedJson)
    {
        var stored = JsonNode.Parse(storedJson)!.AsObject();
        var incoming = JsonNode.Parse(importedJson)!.AsObject();
        return [.. incoming.Select(p => p.Key).Where(name => !JsonNode.DeepEquals(stored[name], incoming[name]))];
    }
}
