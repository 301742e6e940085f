using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using CalcinosisRegistry.Domain.Access;
using CalcinosisRegistry.Security.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace CalcinosisRegistry.Security.Tests.Robustness;

/// <summary>
/// Finding 14.3: unauthenticated and failed-authentication traffic is limited per client address, apart from the
/// per-token budget, so a wrong secret never spends its victim's budget; and a flood grows the audit trail by a
/// bounded number of entries, its repeats counted in one entry per interval.
/// </summary>
public sealed partial class UnauthenticatedFloodTests
{
    private const string Bootstrap = $"Bearer {SecuredRegistryFactory.BootstrapAdminToken}";
    private const int AggregationSeconds = 10;

    [Fact]
    public async Task WrongSecretsForSomeonesTokenIdNeverSpendTheirBudget()
    {
        // Two requests per second per token; the anonymous bucket is wide, so only the victim's budget could run out.
        await using var factory = new SecuredRegistryFactory(rateLimitPerSecond: 2, rateLimitBurst: 2, host => host
            .UseSetting("Registry:Security:AnonymousRateLimitPerSecond", "1000")
            .UseSetting("Registry:Security:AnonymousRateLimitBurst", "1000"));
        using var client = factory.CreateClient();
        var token = await ProvisionAnalystTokenAsync(client);
        Assert.True(ApiToken.TryParse(token, out var tokenId, out _));

        for (var i = 0; i < 30; i++)
        {
            var guess = $"{ApiToken.Prefix}{tokenId}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, $"Bearer {guess}", "/api/statistics?curve=false"));
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, $"Bearer {token}", "/api/statistics?curve=false"));
    }

    [Fact]
    public async Task AFloodOfRandomTokensIsLimitedPerAddressAndItsRepeatsAreCountedInOneEntry()
    {
        await using var factory = new SecuredRegistryFactory(rateLimitPerSecond: 1000, rateLimitBurst: 1000, host => host
            .UseSetting("Registry:Security:AnonymousRateLimitPerSecond", "1")
            .UseSetting("Registry:Security:AnonymousRateLimitBurst", "5")
            .UseSetting("Registry:Security:RefusalsRecordedPerInterval", "2")
            .UseSetting("Registry:Security:RefusalAggregationSeconds", AggregationSeconds.ToString(CultureInfo.InvariantCulture)));
        using var client = factory.CreateClient();
        var cursor = await AuditCursorAsync(client);
        const int flood = 60;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < flood; i++)
        {
            statuses.Add(await StatusAsync(client, $"Bearer {ApiToken.Issue().Token}", "/api/statistics"));
        }

        var unauthorized = statuses.Count(s => s == HttpStatusCode.Unauthorized);
        Assert.Equal(flood, unauthorized + statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.InRange(unauthorized, 5, 10);

        // While the interval runs: two entries recorded one by one per status, the rest only counted.
        var during = await EntriesAsync(client, cursor);
        Assert.Equal([(401, "statistics.read"), (401, "statistics.read"), (429, "statistics.read"), (429, "statistics.read")],
            during.Select(e => (e.Status ?? 0, e.Action)).Order());

        factory.Clock.Advance(TimeSpan.FromSeconds(AggregationSeconds + 1));
        var after = await Eventually.ReadUntilAsync(() => EntriesAsync(client, cursor),
            entries => entries.Count(e => e.Action == "refusals.repeated") == 2, TimeSpan.FromSeconds(5));

        var repeated = after.Where(e => e.Action == "refusals.repeated").ToList();
        Assert.Equal(2, repeated.Count);
        var counted = repeated.ToDictionary(e => e.Status ?? 0, e => int.Parse(CountOf().Match(e.Detail!).Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(unauthorized - 2, counted[401]);
        Assert.Equal(flood - unauthorized - 2, counted[429]);
        Assert.All(repeated, e => Assert.Equal("anonymous", e.Actor));
    }

    private static async Task<string> ProvisionAnalystTokenAsync(HttpClient client)
    {
        using (var user = await SendAsync(client, Bootstrap, HttpMethod.Post, "/api/admin/users",
            JsonSerializer.Serialize(new { userId = "victim", displayName = "Victim", role = "analyst" })))
        {
            await user.AssertStatusAsync(HttpStatusCode.Created, "creating the analyst");
        }

        using var issued = await SendAsync(client, Bootstrap, HttpMethod.Post, "/api/admin/users/victim/tokens", JsonSerializer.Serialize(new { name = "t" }));
        await issued.AssertStatusAsync(HttpStatusCode.Created, "issuing the token");
        using var body = JsonDocument.Parse(await issued.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>The audit entries after the verification request the cursor names, excluding the reading admin's own.</summary>
    private static async Task<List<AuditRecord>> EntriesAsync(HttpClient client, long cursor)
    {
        using var response = await SendAsync(client, Bootstrap, HttpMethod.Get, $"/api/admin/audit?after={cursor}&actor=anonymous");
        await response.AssertStatusAsync(HttpStatusCode.OK, "reading the audit trail");
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. page.RootElement.GetProperty("items").EnumerateArray().Select(AuditRecord.From)];
    }

    private static async Task<long> AuditCursorAsync(HttpClient client)
    {
        using var response = await SendAsync(client, Bootstrap, HttpMethod.Get, "/api/admin/audit/verify");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("entriesChecked").GetInt64() + 1;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string authorization, string path)
    {
        using var response = await SendAsync(client, authorization, HttpMethod.Get, path);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string authorization, HttpMethod method, string path, string? json = null)
    {
        var request = SecuredRegistry.Request(method, path, json);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return client.SendAsync(request);
    }

    [GeneratedRegex("^([0-9]+) more ")]
    private static partial Regex CountOf();
}
