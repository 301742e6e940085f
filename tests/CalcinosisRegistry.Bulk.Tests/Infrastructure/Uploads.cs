using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Interchange.Csv;

namespace CalcinosisRegistry.Bulk.Tests.Infrastructure;

/// <summary>Import bodies (a zipped CSV bundle or NDJSON) and the import routes as plain HTTP calls.</summary>
public static class Uploads
{
    public static async Task<byte[]> ZipAsync(IEnumerable<CaseDocument> documents)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bulk-tests-{Guid.NewGuid():N}.zip");
        try
        {
            await CsvBundleArchive.WriteZipFileAsync(documents.ToAsyncEnumerable(), path, CancellationToken.None);
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static byte[] Ndjson(IEnumerable<CaseDocument> documents) =>
        Encoding.UTF8.GetBytes(string.Concat(documents.Select(d => CaseJson.Serialize(d) + "\n")));

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> StageAsync(this HttpClient client, string siteId, byte[] body, string mediaType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var response = await client.PostAsync($"/api/sites/{siteId}/imports", content);
        return (response, await ReadAsync(response));
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> CommitAsync(this HttpClient client, string siteId, string importId, bool skipRefused = false)
    {
        var response = await client.PostAsync($"/api/sites/{siteId}/imports/{importId}/commit{(skipRefused ? "?skipRefused=true" : "")}", null);
        return (response, await ReadAsync(response));
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> GetImportAsync(this HttpClient client, string siteId, string importId, string query = "")
    {
        var response = await client.GetAsync($"/api/sites/{siteId}/imports/{importId}{query}");
        return (response, await ReadAsync(response));
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return document.RootElement.Clone();
    }
}
