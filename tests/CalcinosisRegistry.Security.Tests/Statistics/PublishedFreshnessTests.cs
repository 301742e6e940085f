using System.Net;
using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Security.Tests.Infrastructure;

namespace CalcinosisRegistry.Security.Tests.Statistics;

/// <summary>
/// Issue 16, item 9: the disclosure-controlled view non-admins read is as fresh as the exact one. Once an admin sees a write,
/// an analyst's next read past the view's staleness bound shows it too, instead of waiting for a background timer.
/// The registry's clock is moved past that bound instead of waiting for it, so nothing here depends on timing.
/// </summary>
public sealed class PublishedFreshnessTests(SecuredRegistry registry) : IClassFixture<SecuredRegistry>
{
    private const int Cases = 5;

    /// <summary>What an analyst sees of 5 cases under the default disclosure, rounding to m = 6: 6·⌈5/6⌉ − 3 = 3 (worked by hand from the spec).</summary>
    private const int PublishedCases = 3;
    private static readonly TimeSpan AdminDeadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task An_analyst_sees_a_write_as_soon_as_the_view_is_older_than_its_bound()
    {
        var site = registry.UniqueId("fresh");
        await registry.CreateSiteAsync(site);
        var (_, token) = await registry.CreateUserWithTokenAsync(registry.UniqueId("fresh-researcher"), "researcher", [site]);
        var path = $"/api/statistics/types/dystrophic?curve=false&site={site}";
        // The analyst's view exists before the writes (it is not computed afresh for the read below).
        Assert.Equal(0, (await ReadAsync(Caller.Analyst, path)).GetProperty("casesIncluded").GetInt32());

        for (var i = 0; i < Cases; i++)
        {
            using var created = await registry.SendWithAuthorizationAsync($"Bearer {token}",
                SecuredRegistry.Request(HttpMethod.Put, SecuredRegistry.CasePath(site, $"F-{i}"), CaseBodies.OfType($"F-{i}", CalcinosisType.Dystrophic, seed: 300 + i)));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var exact = await Eventually.ReadUntilAsync(() => ReadAsync(Caller.Admin, path),
            statistics => statistics.GetProperty("casesIncluded").GetInt32() == Cases, AdminDeadline);
        Assert.Equal(Cases, exact.GetProperty("casesIncluded").GetInt32());
        registry.Factory.Clock.Advance(TimeSpan.FromSeconds(1));

        var published = await ReadAsync(Caller.Analyst, path);

        Assert.True(published.GetProperty("casesIncluded").ValueKind == JsonValueKind.Number, $"exact: {exact}\npublished: {published}");
        Assert.Equal(PublishedCases, published.GetProperty("casesIncluded").GetInt32());
    }

    private Task<JsonElement> ReadAsync(Caller caller, string path) => registry.ExpectAsync(HttpStatusCode.OK, caller, HttpMethod.Get, path);
}
