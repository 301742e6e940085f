using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CalcinosisRegistry.Api.Tests.Infrastructure;

/// <summary>The registry's routes (contract section 4) as plain HTTP calls, so each test reads as the request it makes.</summary>
public static class RegistryRequests
{
    public static string CasePath(string siteId, string caseId) =>
        $"/api/sites/{Uri.EscapeDataString(siteId)}/cases/{Uri.EscapeDataString(caseId)}";

    public static string CasesPath(string siteId) => $"/api/sites/{Uri.EscapeDataString(siteId)}/cases";

    public static Task<HttpResponseMessage> PutCaseAsync(this HttpClient client, string siteId, string caseId, string json, string? ifMatch = null) =>
        client.PutCaseAsync(siteId, caseId, Encoding.UTF8.GetBytes(json), ifMatch);

    public static Task<HttpResponseMessage> PutCaseAsync(this HttpClient client, string siteId, string caseId, byte[] body, string? ifMatch = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Put, CasePath(siteId, caseId)) { Content = content };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetCaseAsync(this HttpClient client, string siteId, string caseId) =>
        client.GetAsync(CasePath(siteId, caseId));

    public static Task<HttpResponseMessage> WithdrawCaseAsync(this HttpClient client, string siteId, string caseId, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, CasePath(siteId, caseId));
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    /// <summary>Creates a case that must be accepted, and returns its ETag.</summary>
    public static async Task<string> CreateCaseAsync(this HttpClient client, string siteId, string caseId, string json)
    {
        using var response = await client.PutCaseAsync(siteId, caseId, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"Creating {siteId}/{caseId} gave {(int)response.StatusCode}: {body}");
        return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("A created case came back without an ETag.");
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
