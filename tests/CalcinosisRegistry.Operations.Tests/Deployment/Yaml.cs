using YamlDotNet.RepresentationModel;

namespace CalcinosisRegistry.Operations.Tests.Deployment;

/// <summary>YAML documents as plain trees (mappings, sequences, scalar strings) that tests can walk.</summary>
internal static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlNode? At(this YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || Lookup(mapping, key) is not { } next)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>A key of the mapping, or of the mapping merged into it with <c>&lt;&lt;: *anchor</c> (compose uses them).</summary>
    private static YamlNode? Lookup(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value
        : mapping.Children.TryGetValue(new YamlScalarNode("<<"), out var merged) && merged is YamlMappingNode mergedMapping ? Lookup(mergedMapping, key)
        : null;

    public static string? Text(this YamlNode node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children : [];

    public static IEnumerable<YamlMappingNode> Kind(this IEnumerable<YamlMappingNode> documents, string kind) =>
        documents.Where(d => d.Text("kind") == kind);
}
