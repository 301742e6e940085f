using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CalcinosisRegistry.Operations.Tests.Infrastructure;

internal static class RegistryCalls
{
    public static HttpClient As(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Provisions a user of the given role through the admin API and returns a fresh token of theirs.</summary>
    public static async Task<string> IssueTokenAsync(HttpClient admin, string userId, string role, params string[] sites)
    {
        foreach (var site in sites)
        {
            using var created = await admin.PostAsJsonAsync("/api/admin/sites", new { siteId = site, name = site });
        }

        using var user = await admin.PostAsJsonAsync("/api/admin/users", new { userId, displayName = userId, role, sites });
        user.EnsureSuccessStatusCode();
        using var token = await admin.PostAsJsonAsync($"/api/admin/users/{userId}/tokens", new { name = "ops-test", expiresInDays = 1 });
        token.EnsureSuccessStatusCode();
        var body = await token.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("token").GetString()!;
    }
}
