using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>
/// Provisions a fresh silo through the admin API, as its bootstrap admin: the benchmark's sites, a researcher bound to
/// them, an analyst and an admin user, and one token for each user.
/// </summary>
public static class SecurityProvisioning
{
    private const string ResearcherId = "bench-researcher";
    private const string AnalystId = "bench-analyst";
    private const string AdminId = "bench-admin";

    public static async Task<SecurityCredentials> ProvisionAsync(
        HttpClient http, Uri baseAddress, string bootstrapAdminToken, IReadOnlyList<string> sites, CancellationToken cancellationToken)
    {
        foreach (var site in sites)
        {
            (await PostCreatedAsync(http, baseAddress, "/api/admin/sites", new { siteId = site, name = $"Benchmark site {site}" }, bootstrapAdminToken, cancellationToken)).Dispose();
        }

        await CreateUserAsync(http, baseAddress, ResearcherId, "Benchmark researcher", "researcher", sites, bootstrapAdminToken, cancellationToken);
        await CreateUserAsync(http, baseAddress, AnalystId, "Benchmark analyst", "analyst", sites: null, bootstrapAdminToken, cancellationToken);
        await CreateUserAsync(http, baseAddress, AdminId, "Benchmark admin", "admin", sites: null, bootstrapAdminToken, cancellationToken);
        var credentials = new SecurityCredentials(
            ResearcherToken: await IssueTokenAsync(http, baseAddress, ResearcherId, bootstrapAdminToken, cancellationToken),
            AnalystToken: await IssueTokenAsync(http, baseAddress, AnalystId, bootstrapAdminToken, cancellationToken),
            AdminToken: await IssueTokenAsync(http, baseAddress, AdminId, bootstrapAdminToken, cancellationToken));
        BenchmarkReport.Progress($"security: provisioned {sites.Count} site(s), users {ResearcherId}, {AnalystId}, {AdminId} and a token for each");
        return credentials;
    }

    private static async Task CreateUserAsync(
        HttpClient http, Uri baseAddress, string userId, string displayName, string role, IReadOnlyList<string>? sites, string adminToken, CancellationToken cancellationToken) =>
        (await PostCreatedAsync(http, baseAddress, "/api/admin/users", new { userId, displayName, role, sites }, adminToken, cancellationToken)).Dispose();

    private static async Task<string> IssueTokenAsync(HttpClient http, Uri baseAddress, string userId, string adminToken, CancellationToken cancellationToken)
    {
        using var issued = await PostCreatedAsync(http, baseAddress, $"/api/admin/users/{userId}/tokens", new { name = "benchmark", expiresInDays = 1 }, adminToken, cancellationToken);
        return issued.RootElement.GetProperty("token").GetString()
            ?? throw new InvalidOperationException($"The token issued to {userId} has no secret.");
    }

    private static async Task<JsonDocument> PostCreatedAsync<T>(HttpClient http, Uri baseAddress, string path, T body, string adminToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, path)) { Content = JsonContent.Create(body) }.WithBearer(adminToken);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}, not 201: {text}");
        }

        return JsonDocument.Parse(text);
    }
}
