using System.Net;
using CalcinosisRegistry.Security.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CalcinosisRegistry.Security.Tests.Infrastructure.SecuredRegistry;

namespace CalcinosisRegistry.Security.Tests.Headers;

/// <summary>Finding 14.7: caching, sniffing, framing, referrer and content-security headers, and no server banner.</summary>
public sealed class ResponseHeaderTests(SecuredRegistry registry) : IClassFixture<SecuredRegistry>
{
    private const string ExpectedPolicy =
        "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self' ws: wss:; " +
        "img-src 'self' data: blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    [Fact]
    public async Task ACaseDocumentIsNeverCachedAndCarriesTheBrowserProtections()
    {
        using var response = await registry.SendAsync(Caller.ResearcherA, HttpMethod.Get, CasePath(SiteA, SiteACaseIds[0]));

        await response.AssertStatusAsync(HttpStatusCode.OK, "reading a case");
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        AssertBrowserProtections(response, "a case document");
    }

    [Fact]
    public async Task AnAuditExportIsNeverCached()
    {
        using var response = await registry.SendAsync(Caller.Admin, HttpMethod.Get, "/api/admin/audit?limit=5&format=csv");

        await response.AssertStatusAsync(HttpStatusCode.OK, "the CSV export");
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        AssertBrowserProtections(response, "the audit export");
    }

    [Theory]
    [InlineData("/api/statistics", HttpStatusCode.Unauthorized)]
    [InlineData("/health", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("/no/such/page", HttpStatusCode.NotFound)]
    public async Task EveryAnswerCarriesTheBrowserProtections(string path, HttpStatusCode expected)
    {
        using var response = await registry.SendAsync(Caller.Anonymous, HttpMethod.Get, path);

        await response.AssertStatusAsync(expected, path);
        AssertBrowserProtections(response, path);
    }

    [Fact]
    public void KestrelSendsNoServerHeader()
    {
        var kestrel = registry.Factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.False(kestrel.AddServerHeader);
    }

    private static void AssertBrowserProtections(HttpResponseMessage response, string context)
    {
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", $"{context}: X-Content-Type-Options");
        Assert.True(response.Headers.TryGetValues("X-Frame-Options", out var frame) && frame.Single() == "DENY", $"{context}: X-Frame-Options");
        Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "no-referrer", $"{context}: Referrer-Policy");
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var policy), $"{context}: no Content-Security-Policy");
        Assert.Equal(ExpectedPolicy, policy.Single());
        Assert.False(response.Headers.Contains("Server"), $"{context}: a Server header");
    }
}
