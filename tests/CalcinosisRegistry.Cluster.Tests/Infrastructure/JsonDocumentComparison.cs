using System.Text.Json.Nodes;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>Structural JSON equality (property order and whitespace aside), as the registry promises "the document exactly as stored".</summary>
internal static class JsonDocumentComparison
{
    public static bool AreEqual(string expectedJson, string actualJson) =>
        JsonNode.DeepEquals(JsonNode.Parse(expectedJson), JsonNode.Parse(actualJson));
}
