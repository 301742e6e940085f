using System.Net;
using System.Text.Json;
using CalcinosisRegistry.Security.Tests.Infrastructure;

namespace CalcinosisRegistry.Security.Tests.Robustness;

/// <summary>Rate limiting per token (RateLimitPerSecond=2, RateLimitBurst=2): 429 with Retry-After, audited, and per token.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const string BootstrapAuthorization = $"Bearer {SecuredRegistryFactory.BootstrapAdminToken}";
    private readonly SecuredRegistryFactory _factory = new(rateLimitPerSecond: 2, rateLimitBurst: 2);
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task TheThirdQuickRequestOfATokenIs429WithRetryAfterAndIsAudited()
    {
        // Another caller, provisioned first, whose bucket is separate.
        using (var user = await SendAsync(BootstrapAuthorization, HttpMethod.Post, "/api/admin/users",
            JsonSerializer.Serialize(new { userId = "limited-analyst", displayName = "Analyst", role = "analyst" })))
        {
            await user.AssertStatusAsync(HttpStatusCode.Created, "creating the analyst");
        }

        string analystToken;
        using (var issued = await SendAsync(BootstrapAuthorization, HttpMethod.Post, "/api/admin/users/limited-analyst/tokens",
            JsonSerializer.Serialize(new { name = "t" })))
        {
            await issued.AssertStatusAsync(HttpStatusCode.Created, "issuing the analyst's token");
            using var body = JsonDocument.Parse(await issued.Content.ReadAsStringAsync());
            analystToken = body.RootElement.GetProperty("token").GetString()!;
        }

        await Task.Delay(TimeSpan.FromSeconds(1.2));

        // Two tokens in the bucket: the first two pass, the third is refused (a replenishment tick between two of
        // these requests could admit up to two more, so the refusal must come within five).
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var attempt = 0; attempt < 5 && refused is null; attempt++)
        {
            var response = await SendAsync(BootstrapAuthorization, HttpMethod.Get, "/api/admin/sites");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.True(refused is not null, $"No 429 among {string.Join(", ", statuses)}");
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(2));
        using (refused)
        {
            Assert.True(refused.Headers.RetryAfter?.Delta is { } wait && wait >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
            await refused.AssertProblemDocumentAsync("the rate-limited request");
        }

        // The analyst's token has its own bucket.
        using (var other = await SendAsync($"Bearer {analystToken}", HttpMethod.Get, "/api/statistics?curve=false"))
        {
            await other.AssertStatusAsync(HttpStatusCode.OK, "another token right after the refusal");
        }

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var audit = await SendAsync(BootstrapAuthorization, HttpMethod.Get, "/api/admin/audit?action=admin.site.list&outcome=rate-limited");
        await audit.AssertStatusAsync(HttpStatusCode.OK, "reading the audit trail");
        using var page = JsonDocument.Parse(await audit.Content.ReadAsStringAsync());
        var entry = AuditRecord.From(Assert.Single(page.RootElement.GetProperty("items").EnumerateArray()));
        Assert.Equal((SecuredRegistry.BootstrapActor, "admin", 429), (entry.Actor, entry.Role, entry.Status ?? 0));
    }

    private Task<HttpResponseMessage> SendAsync(string authorization, HttpMethod method, string path, string? json = null)
    {
        var request = SecuredRegistry.Request(method, path, json);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return _client.SendAsync(request);
    }
}
