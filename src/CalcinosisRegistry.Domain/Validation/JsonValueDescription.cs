using System.Text.Json;

namespace CalcinosisRegistry.Domain.Validation;

/// <summary>Short descriptions of offending JSON values for error messages.</summary>
internal static class JsonValueDescription
{
    // Echoed values are cut short: the message should help the client find the fault, not mirror a large payload.
    private const int MaxEchoedLength = 40;

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string {Quote(element.GetString() ?? string.Empty)}",
        JsonValueKind.Number => $"the number {Shorten(element.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "no value",
    };

    public static string Quote(string text) => $"'{Shorten(text)}'";

    private static string Shorten(string text) =>
        text.Length <= MaxEchoedLength ? text : string.Concat(text.AsSpan(0, MaxEchoedLength), "…");
}
