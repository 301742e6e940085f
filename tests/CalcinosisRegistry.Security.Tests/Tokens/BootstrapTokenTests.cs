using System.Globalization;
using System.Net;
using System.Text.Json;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Security.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace CalcinosisRegistry.Security.Tests.Tokens;

/// <summary>
/// Finding 14.6: the bootstrap admin token is not forever. A durable registry without one configured has none; a
/// configured one can expire, and can retire itself once a registry admin exists.
/// </summary>
public sealed class BootstrapTokenTests
{
    private const string Bootstrap = $"Bearer {SecuredRegistryFactory.BootstrapAdminToken}";

    [Fact]
    public void ADurableRegistryWithoutAConfiguredTokenHasNone()
    {
        var durable = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Registry"] = "Host=db.example;Database=registry",
        }).Build();

        var token = BootstrapAdminToken.FromConfiguration(durable);

        Assert.False(token.Exists);
        Assert.False(token.Generated);
        Assert.False(token.Matches(""));
        Assert.False(token.Matches("anything"));
    }

    [Fact]
    public void TheEmbeddedDefaultGeneratesOneForTheProcess()
    {
        var token = BootstrapAdminToken.FromConfiguration(new ConfigurationBuilder().Build());

        Assert.True(token.Exists && token.Generated);
        Assert.True(token.Matches(token.Token!));
    }

    [Fact]
    public async Task AnExpiringTokenIsRefusedOnceItsTimeHasPassed()
    {
        var expiresAt = DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture);
        await using var factory = new SecuredRegistryFactory(1000, 1000, host => host.UseSetting(BootstrapAdminToken.ExpiresAtKey, expiresAt));
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/api/admin/sites"));

        factory.Clock.Advance(TimeSpan.FromDays(2));

        using var refused = await SendAsync(client, "/api/admin/sites");
        await refused.AssertStatusAsync(HttpStatusCode.Unauthorized, "the expired bootstrap token");
        Assert.Equal("The bootstrap admin token has expired.", await DetailAsync(refused));
    }

    [Fact]
    public async Task ARetiringTokenStopsOnceARegistryAdminExists()
    {
        await using var factory = new SecuredRegistryFactory(1000, 1000, host => host.UseSetting(BootstrapAdminToken.RetiresWhenAdminExistsKey, "true"));
        using var client = factory.CreateClient();
        using (var analyst = await SendAsync(client, "/api/admin/users", JsonSerializer.Serialize(new { userId = "an-analyst", displayName = "A", role = "analyst" })))
        {
            await analyst.AssertStatusAsync(HttpStatusCode.Created, "creating an analyst");
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/api/admin/sites"));
        using (var admin = await SendAsync(client, "/api/admin/users", JsonSerializer.Serialize(new { userId = "an-admin", displayName = "B", role = "admin" })))
        {
            await admin.AssertStatusAsync(HttpStatusCode.Created, "creating an admin");
        }

        var status = await Eventually.ReadUntilAsync(() => StatusAsync(client, "/api/admin/sites"), s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        using var refused = await SendAsync(client, "/api/admin/sites");
        Assert.Equal("The bootstrap admin token is retired because a registry admin exists: use that admin's token.", await DetailAsync(refused));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await SendAsync(client, path);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string? json = null)
    {
        var request = SecuredRegistry.Request(json is null ? HttpMethod.Get : HttpMethod.Post, path, json);
        request.Headers.TryAddWithoutValidation("Authorization", Bootstrap);
        return client.SendAsync(request);
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString();
    }
}
