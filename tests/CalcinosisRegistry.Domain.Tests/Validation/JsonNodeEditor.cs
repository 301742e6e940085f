using System.Globalization;
using System.Text.Json.Nodes;

namespace CalcinosisRegistry.Domain.Tests.Validation;

/// <summary>
/// Sets or removes one value of a JSON tree addressed by the same path syntax the validator reports
/// (<c>$.lesions[0].observations[0].sizeMm</c>), so a test names its edit and its expected error alike.
/// </summary>
internal static class JsonNodeEditor
{
    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var segments = Split(path);
        var parent = Navigate(root, segments[..^1]);
        switch (segments[^1])
        {
            case int index when parent is JsonArray array && index == array.Count:
                array.Add(value);
                break;
            case int index:
                parent!.AsArray()[index] = value;
                break;
            case string name:
                parent!.AsObject()[name] = value;
                break;
        }
    }

    public static void Remove(JsonObject root, string path)
    {
        var segments = Split(path);
        var parent = Navigate(root, segments[..^1]);
        switch (segments[^1])
        {
            case int index:
                parent!.AsArray().RemoveAt(index);
                break;
            case string name:
                Assert.True(parent!.AsObject().Remove(name), $"{path} was not there to remove");
                break;
        }
    }

    private static JsonNode? Navigate(JsonNode root, object[] segments)
    {
        var node = root;
        foreach (var segment in segments)
        {
            node = segment is int index ? node!.AsArray()[index] : node!.AsObject()[(string)segment];
        }

        return node;
    }

    // "$.a[0].b" → ["a", 0, "b"]; enough for the plain names the case document uses.
    private static object[] Split(string path)
    {
        Assert.StartsWith("$.", path);
        var segments = new List<object>();
        foreach (var part in path[2..].Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            segments.Add(bracket < 0 ? part : part[..bracket]);
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                segments.Add(int.Parse(part[(bracket + 1)..close], CultureInfo.InvariantCulture));
                bracket = part.IndexOf('[', close);
            }
        }

        return segments.ToArray();
    }
}
