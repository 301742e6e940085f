using System.Net;
using System.Text.Json;
using CalcinosisRegistry.Domain.Access;
using CalcinosisRegistry.Security.Tests.Infrastructure;

namespace CalcinosisRegistry.Security.Tests.Tokens;

/// <summary>
/// Issue 16.3: a 401 says which fault it was, in the problem's detail and in RFC 6750's WWW-Authenticate, except that
/// an unknown token id and a wrong secret read the same (nobody learns which token ids exist).
/// </summary>
public sealed class AuthenticationFaultTests(SecuredRegistry registry) : IClassFixture<SecuredRegistry>
{
    private const string Realm = "realm=\"CalcinosisRegistry\"";
    private const string UnknownOrWrong = "The token is unknown or its secret is wrong.";

    [Fact]
    public async Task MissingCredentialsGetABareChallenge()
    {
        var (header, detail) = await RefusalAsync(authorization: null);

        Assert.Equal($"Bearer {Realm}", header);
        Assert.Equal("Send 'Authorization: Bearer <token>' with a registry token.", detail);
    }

    [Fact]
    public async Task AnotherSchemeIsAnInvalidRequest()
    {
        var (header, detail) = await RefusalAsync($"Basic {Convert.ToBase64String("a:b"u8)}");

        const string expected = "The Authorization header must use the Bearer scheme: 'Authorization: Bearer <token>'.";
        Assert.Equal($"Bearer {Realm}, error=\"invalid_request\", error_description=\"{expected}\"", header);
        Assert.Equal(expected, detail);
    }

    [Fact]
    public async Task AMalformedTokenIsSaidToBeMalformed()
    {
        var (header, detail) = await RefusalAsync("Bearer nonsense");

        const string expected = "The bearer token is malformed: a registry token looks like crt_<id>_<secret>.";
        Assert.Equal($"Bearer {Realm}, error=\"invalid_token\", error_description=\"{expected}\"", header);
        Assert.Equal(expected, detail);
    }

    [Fact]
    public async Task AnUnknownTokenIdAndAWrongSecretReadTheSame()
    {
        var (tokenId, token) = await registry.CreateUserWithTokenAsync(registry.UniqueId("guessed"), "analyst", []);
        Assert.True(ApiToken.TryParse(token, out _, out var secret));
        var wrongSecret = $"{ApiToken.Prefix}{tokenId}_{new string(secret.Reverse().ToArray())}";
        var unknownId = $"{ApiToken.Prefix}{new string(tokenId.Reverse().ToArray())}_{secret}";
        Assert.True(ApiToken.TryParse(unknownId, out _, out _) && ApiToken.TryParse(wrongSecret, out _, out _), "both must have a token's shape");

        var wrong = await RefusalAsync($"Bearer {wrongSecret}");
        var unknown = await RefusalAsync($"Bearer {unknownId}");

        Assert.Equal(UnknownOrWrong, wrong.Detail);
        Assert.Equal(wrong, unknown);
        Assert.Equal($"Bearer {Realm}, error=\"invalid_token\", error_description=\"{UnknownOrWrong}\"", wrong.Header);
    }

    [Fact]
    public async Task ARevokedTokenIsSaidToBeRevoked()
    {
        var userId = registry.UniqueId("revoked");
        var (tokenId, token) = await registry.CreateUserWithTokenAsync(userId, "analyst", []);
        await registry.ExpectAsync(HttpStatusCode.NoContent, Caller.Admin, HttpMethod.Delete, $"/api/admin/users/{userId}/tokens/{tokenId}");

        var detail = await Eventually.ReadUntilAsync(async () => (await RefusalAsync($"Bearer {token}", allowSuccess: true)).Detail,
            d => d != null, TimeSpan.FromSeconds(2));

        Assert.Equal("The token has been revoked.", detail);
    }

    [Fact]
    public async Task AnExpiredTokenIsSaidToBeExpired()
    {
        var userId = registry.UniqueId("expired");
        await registry.CreateUserAsync(userId, "analyst", []);
        var (_, token) = await registry.IssueTokenAsync(userId, expiresInDays: 1);
        registry.Factory.Clock.Advance(TimeSpan.FromDays(2));

        var detail = await Eventually.ReadUntilAsync(async () => (await RefusalAsync($"Bearer {token}", allowSuccess: true)).Detail,
            d => d != null, TimeSpan.FromSeconds(2));

        Assert.Equal("The token has expired: ask an admin for a new one.", detail);
    }

    /// <summary>The WWW-Authenticate header and the problem's detail of a 401 (nulls for a success when allowed).</summary>
    private async Task<(string? Header, string? Detail)> RefusalAsync(string? authorization, bool allowSuccess = false)
    {
        using var response = await registry.SendWithAuthorizationAsync(authorization, SecuredRegistry.Request(HttpMethod.Get, "/api/statistics?curve=false"));
        if (allowSuccess && response.StatusCode == HttpStatusCode.OK)
        {
            return (null, null);
        }

        await response.AssertStatusAsync(HttpStatusCode.Unauthorized, authorization ?? "no Authorization");
        await response.AssertProblemDocumentAsync(authorization ?? "no Authorization");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var challenge), "a 401 without WWW-Authenticate");
        return (string.Join(" | ", challenge), problem.RootElement.GetProperty("detail").GetString());
    }
}
