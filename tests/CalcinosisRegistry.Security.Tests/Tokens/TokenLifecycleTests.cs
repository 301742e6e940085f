using System.Net;
using System.Text.Json;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Contracts.Storage;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Domain.Access;
using CalcinosisRegistry.Grains.Access;
using CalcinosisRegistry.Security.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CalcinosisRegistry.Security.Tests.Tokens;

/// <summary>
/// Registry-issued tokens from issue to end: they work; their secret is shown once and never listed; storage
/// holds only its hash; revocation, expiry and deletion of the user each turn the token into a 401 within a second.
/// </summary>
public sealed class TokenLifecycleTests(SecuredRegistry registry) : IClassFixture<SecuredRegistry>
{
    private static readonly TimeSpan RevocationDeadline = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task AnIssuedTokenWorksAndItsSecretIsNeverListed()
    {
        var userId = registry.UniqueId("listed-user");
        var (tokenId, token) = await registry.CreateUserWithTokenAsync(userId, "analyst", []);
        var secret = SecretOf(token);

        using (var response = await registry.SendWithAuthorizationAsync($"Bearer {token}", SecuredRegistry.Request(HttpMethod.Get, "/api/statistics")))
        {
            await response.AssertStatusAsync(HttpStatusCode.OK, "the freshly issued token");
        }

        using var list = await registry.SendAsync(Caller.Admin, HttpMethod.Get, $"/api/admin/users/{userId}/tokens");
        await list.AssertStatusAsync(HttpStatusCode.OK, "listing the tokens");
        var text = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiToken.HashSecret(secret), text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        var listed = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(tokenId, listed.GetProperty("tokenId").GetString());
        Assert.False(listed.TryGetProperty("token", out _), $"A listed token carries its secret: {listed}");
        Assert.False(listed.TryGetProperty("secretHash", out _), $"A listed token carries its hash: {listed}");
    }

    [Fact]
    public async Task StorageHoldsOnlyTheHashOfEachSecret()
    {
        var userId = registry.UniqueId("stored-user");
        var (tokenId, token) = await registry.CreateUserWithTokenAsync(userId, "analyst", []);
        var secret = SecretOf(token);

        var grains = registry.Factory.Services.GetRequiredService<IGrainFactory>();
        var grainId = grains.GetGrain<IAccessControlGrain>(RegistryKeys.AccessControl).GetGrainId();
        var storage = registry.Factory.Services.GetRequiredKeyedService<IGrainStorage>(RegistryStorage.Name);
        var stored = new GrainState<AccessControlState>();
        await storage.ReadStateAsync("access-control", grainId, stored);

        var state = stored.State;
        Assert.NotNull(state);
        Assert.True(stored.RecordExists, "The access-control grain's state was never written.");
        var record = state.Tokens[tokenId];
        Assert.Equal(ApiToken.HashSecret(secret), record.SecretHash);
        var wholeState = JsonSerializer.Serialize(state);
        Assert.DoesNotContain(secret, wholeState, StringComparison.Ordinal);
        Assert.DoesNotContain(SecuredRegistryFactory.BootstrapAdminToken, wholeState, StringComparison.Ordinal);
        foreach (var caller in new[] { Caller.Admin, Caller.Analyst, Caller.ResearcherA, Caller.ResearcherB })
        {
            Assert.DoesNotContain(SecretOf(registry.TokenOf(caller)), wholeState, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheRightTokenIdWithAWrongSecretIsRefusedAndAudited()
    {
        var (tokenId, token) = await registry.CreateUserWithTokenAsync(registry.UniqueId("guessed-user"), "analyst", []);
        var wrongSecret = new string(SecretOf(token).Reverse().ToArray());
        var forged = $"{ApiToken.Prefix}{tokenId}_{wrongSecret}";
        Assert.True(ApiToken.TryParse(forged, out _, out _), "The forged token must have a valid shape, to reach the lookup.");

        var cursor = await registry.AuditCursorAsync();
        using var response = await registry.SendWithAuthorizationAsync($"Bearer {forged}", SecuredRegistry.Request(HttpMethod.Get, "/api/statistics"));

        await response.AssertStatusAsync(HttpStatusCode.Unauthorized, "a wrong secret");
        await response.AssertProblemDocumentAsync("a wrong secret");
        await AssertRefusalAuditedAsync(cursor, "statistics.read");
    }

    [Fact]
    public async Task ARevokedTokenIsRefusedWithinASecond()
    {
        var userId = registry.UniqueId("revoked-user");
        var (tokenId, token) = await registry.CreateUserWithTokenAsync(userId, "analyst", []);
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(token));

        await registry.ExpectAsync(HttpStatusCode.NoContent, Caller.Admin, HttpMethod.Delete, $"/api/admin/users/{userId}/tokens/{tokenId}");
        var status = await Eventually.ReadUntilAsync(() => StatusWithTokenAsync(token), s => s == HttpStatusCode.Unauthorized, RevocationDeadline);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        var listed = await registry.ExpectAsync(HttpStatusCode.OK, Caller.Admin, HttpMethod.Get, $"/api/admin/users/{userId}/tokens");
        Assert.Equal(JsonValueKind.String, listed[0].GetProperty("revokedAt").ValueKind);
        var cursor = await registry.AuditCursorAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithTokenAsync(token));
        await AssertRefusalAuditedAsync(cursor, "statistics.read");
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        var userId = registry.UniqueId("expiring-user");
        await registry.CreateUserAsync(userId, "analyst", []);
        var (_, token) = await registry.IssueTokenAsync(userId, expiresInDays: 1);
        var longLived = await registry.IssueTokenAsync(userId, expiresInDays: 30);
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(token));

        registry.Factory.Clock.Advance(TimeSpan.FromDays(2));
        var status = await Eventually.ReadUntilAsync(() => StatusWithTokenAsync(token), s => s == HttpStatusCode.Unauthorized, RevocationDeadline);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(longLived.Token));
        var cursor = await registry.AuditCursorAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithTokenAsync(token));
        await AssertRefusalAuditedAsync(cursor, "statistics.read");
    }

    [Fact]
    public async Task ATokenOfADeletedUserIsRefused()
    {
        var userId = registry.UniqueId("deleted-user");
        var (_, token) = await registry.CreateUserWithTokenAsync(userId, "analyst", []);
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(token));

        await registry.ExpectAsync(HttpStatusCode.NoContent, Caller.Admin, HttpMethod.Delete, $"/api/admin/users/{userId}");
        var status = await Eventually.ReadUntilAsync(() => StatusWithTokenAsync(token), s => s == HttpStatusCode.Unauthorized, RevocationDeadline);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        await registry.ExpectAsync(HttpStatusCode.NotFound, Caller.Admin, HttpMethod.Get, $"/api/admin/users/{userId}/tokens");
    }

    [Fact]
    public async Task ALifetimeOutsideOneTo365DaysIsRefused()
    {
        foreach (var days in new[] { 0, 366, -1 })
        {
            using var response = await registry.SendAsync(Caller.Admin, HttpMethod.Post, $"/api/admin/users/{SecuredRegistry.TokenHolderUserId}/tokens",
                JsonSerializer.Serialize(new { name = "bad lifetime", expiresInDays = days }));
            await response.AssertStatusAsync(HttpStatusCode.BadRequest, $"expiresInDays={days}");
            await response.AssertProblemDocumentAsync($"expiresInDays={days}");
        }
    }

    private async Task<HttpStatusCode> StatusWithTokenAsync(string token)
    {
        using var response = await registry.SendWithAuthorizationAsync($"Bearer {token}", SecuredRegistry.Request(HttpMethod.Get, "/api/statistics?curve=false"));
        return response.StatusCode;
    }

    private async Task AssertRefusalAuditedAsync(long cursor, string action)
    {
        var entry = Assert.Single(await registry.AuditAsync($"after={cursor}&action={action}"));
        Assert.Equal(("anonymous", "unauthenticated", 401), (entry.Actor, entry.Outcome, entry.Status));
    }

    private static string SecretOf(string token)
    {
        Assert.True(ApiToken.TryParse(token, out _, out var secret), $"'{token}' is not a registry token.");
        return secret;
    }
}
