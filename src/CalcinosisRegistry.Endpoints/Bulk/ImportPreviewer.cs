using System.Text.Json.Nodes;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Bulk;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Interchange;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>
/// Judges each imported case against the registry as it stands: new, changed (with the top-level fields that
/// differ), unchanged or refused. Only cases the site's index already lists are read from their grains.
/// </summary>
internal static class ImportPreviewer
{
    private const int ReadBatch = 256;

    public static async Task<List<ImportCase>> PreviewAsync(IGrainFactory grains, string siteId, IReadOnlyList<ImportedCase> imported)
    {
        var existing = await ExistingCaseIdsAsync(grains, siteId);
        var result = new ImportCase[imported.Count];
        var toRead = new List<int>();
        for (var i = 0; i < imported.Count; i++)
        {
            var item = imported[i];
            if (!item.IsValid)
            {
                result[i] = new ImportCase(item.CaseId, ImportPreview.Refused, [], 0, null);
            }
            else if (!existing.Contains(item.CaseId))
            {
                result[i] = new ImportCase(item.CaseId, ImportPreview.New, [], 0, CaseJson.Serialize(item.Document!));
            }
            else
            {
                toRead.Add(i);
            }
        }

        foreach (var batch in toRead.Chunk(ReadBatch))
        {
            var snapshots = await Task.WhenAll(batch.Select(i =>
                grains.GetRegistryGrain<ICaseGrain>(RegistryKeys.Case(siteId, imported[i].CaseId)).GetAsync()));
            for (var j = 0; j < batch.Length; j++)
            {
                var item = imported[batch[j]];
                var json = CaseJson.Serialize(item.Document!);
                result[batch[j]] = snapshots[j] is not { } stored
                    ? new ImportCase(item.CaseId, ImportPreview.New, [], 0, json)
                    : ChangedFields(stored.DocumentJson, json) is { Count: > 0 } fields
                        ? new ImportCase(item.CaseId, ImportPreview.Changed, fields, stored.Version, json)
                        : new ImportCase(item.CaseId, ImportPreview.Unchanged, [], stored.Version, json);
            }
        }

        return [.. result];
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
