using System.Text.Json.Nodes;

namespace CalcinosisRegistry.Web.Editing;

/// <summary>What differs between two case documents, field by field, by JSON path (for the conflict view).</summary>
public static class DocumentDiff
{
    public static IReadOnlyList<DocumentChange> Changes(string mineJson, string storedJson)
    {
        var mine = Leaves(JsonNode.Parse(mineJson));
        var stored = Leaves(JsonNode.Parse(storedJson));
        return [.. mine.Keys.Union(stored.Keys).Order(StringComparer.Ordinal)
            .Select(path => new DocumentChange(path, mine.GetValueOrDefault(path), stored.GetValueOrDefault(path)))
            .Where(change => change.Mine != change.Stored)];
    }

    private static Dictionary<string, string> Leaves(JsonNode? root)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(root, "$", leaves);
        return leaves;
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, string> leaves)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    Walk(value, $"{path}.{name}", leaves);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], $"{path}[{i}]", leaves);
                }

                break;
            case null:
                break;
            default:
                leaves[path] = node.ToJsonString();
                break;
        }
    }
}
