using System.Net;
using System.Text.Json;

namespace CalcinosisRegistry.Security.Tests.Infrastructure;

/// <summary>Checks that a refusal is an RFC 7807 problem document carrying the status that was sent.</summary>
public static class ProblemAssertions
{
    public const string ProblemMediaType = "application/problem+json";

    public static async Task AssertProblemDocumentAsync(this HttpResponseMessage response, string context)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == ProblemMediaType,
            $"{context}: a {(int)response.StatusCode} without a problem document (Content-Type '{response.Content.Headers.ContentType}'): {text}");
        using var document = JsonDocument.Parse(text);
        Assert.True(document.RootElement.TryGetProperty("status", out var status) && status.GetInt32() == (int)response.StatusCode,
            $"{context}: the problem document's status differs from the response's {(int)response.StatusCode}: {text}");
        Assert.True(document.RootElement.TryGetProperty("title", out _), $"{context}: the problem document has no title: {text}");
    }

    public static async Task AssertStatusAsync(this HttpResponseMessage response, HttpStatusCode expected, string context)
    {
        if (response.StatusCode != expected)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.Fail($"{context}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        }
    }
}
