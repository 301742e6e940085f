using System.Text.Json.Nodes;

namespace CalcinosisRegistry.Interchange.Csv;

/// <summary>Where each bundle file's rows live in a case document's JSON: the one place both directions look it up.</summary>
internal static class CsvBundleItems
{
    /// <summary>The array of the case holding the owners named by an owner key column, and the owners' id property.</summary>
    public static (string Array, string IdProperty) OwnerOf(string ownerKey) => ownerKey switch
    {
        CsvBundleLayout.LesionIdColumn => ("lesions", "lesionId"),
        CsvBundleLayout.TreatmentIdColumn => ("treatments", "treatmentId"),
        _ => throw new ArgumentOutOfRangeException(nameof(ownerKey), ownerKey, "Not an owner key column."),
    };

    /// <summary>The file's rows of one case, in document order: each item with the id of its owner (if any).</summary>
    public static IEnumerable<(JsonObject Item, string? OwnerId)> RowsOf(CsvBundleFile file, JsonObject root)
    {
        if (file.JsonArray is null && file.OwnerKey is null)
        {
            yield return (root, null);
            yield break;
        }

        if (file.OwnerKey is null)
        {
            foreach (var item in Array(root, file.JsonArray!))
            {
                yield return (item, null);
            }

            yield break;
        }

        var (ownerArray, ownerIdProperty) = OwnerOf(file.OwnerKey);
        foreach (var owner in Array(root, ownerArray))
        {
            var ownerId = owner[ownerIdProperty]?.GetValue<string>();
            foreach (var item in Array(owner, file.OwnerArray!))
            {
                yield return (item, ownerId);
            }
        }
    }

    private static IEnumerable<JsonObject> Array(JsonObject parent, string name) =>
        parent[name] is JsonArray array ? array.OfType<JsonObject>() : [];
}
