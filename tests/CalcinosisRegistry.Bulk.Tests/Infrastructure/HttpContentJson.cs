using System.Text.Json;

namespace CalcinosisRegistry.Bulk.Tests.Infrastructure;

public static class HttpContentJson
{
    public static async Task<JsonElement> ReadFromJsonElementAsync(this HttpContent content)
    {
        using var document = JsonDocument.Parse(await content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
