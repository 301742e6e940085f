using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using CalcinosisRegistry.Security.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CalcinosisRegistry.Security.Tests.Oidc;

/// <summary>
/// OpenID Connect tokens: a JWT from the configured authority and audience acts as the registry user mapped to its
/// subject, with that user's role and sites. The identity provider is simulated by a signing key the test holds.
/// </summary>
public sealed class OpenIdConnectTests : IAsyncLifetime
{
    private const string Issuer = "https://idp.calcinosis.test";
    private const string Audience = "calcinosis-registry";
    private static readonly SymmetricSecurityKey SigningKey = new(RandomNumberGenerator.GetBytes(32));

    private readonly SecuredRegistryFactory _factory = new(100_000, 100_000, builder =>
    {
        builder.UseSetting("Registry:Security:OidcAuthority", Issuer);
        builder.UseSetting("Registry:Security:OidcAudience", Audience);
        builder.ConfigureTestServices(services => services.PostConfigure<JwtBearerOptions>("Oidc", jwt =>
        {
            // No metadata endpoint to reach: the test is the identity provider, with a key it shares.
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(SigningKey);
            jwt.Configuration = configuration;
            jwt.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            jwt.TokenValidationParameters.ValidIssuer = Issuer;
            jwt.TokenValidationParameters.ValidAudience = Audience;
            jwt.TokenValidationParameters.IssuerSigningKey = SigningKey;
        }));
    });

    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _admin = _factory.CreateClient();
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SecuredRegistryFactory.BootstrapAdminToken);
        (await _admin.PostAsJsonAsync("/api/admin/sites", new { siteId = "oidc-site", name = "OIDC site" })).EnsureSuccessStatusCode();
        (await _admin.PostAsJsonAsync("/api/admin/users", new
        {
            userId = "oidc-researcher", displayName = "Researcher signing in with OIDC", role = "researcher",
            sites = new[] { "oidc-site" }, oidcSubject = "idp|researcher-1",
        })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_jwt_for_a_mapped_subject_acts_as_that_registry_user()
    {
        var client = ClientWith(Jwt("idp|researcher-1", Audience));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/sites/oidc-site/cases")).StatusCode);
        // The registry user's sites bound it, not anything in the token.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/sites/other-site/cases")).StatusCode);
        // A researcher may not use admin routes.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/users")).StatusCode);
    }

    [Theory]
    [InlineData("idp|nobody", Audience)]
    [InlineData("idp|researcher-1", "another-audience")]
    public async Task An_unmapped_subject_or_a_foreign_audience_is_refused_with_a_problem_document(string subject, string audience)
    {
        var response = await ClientWith(Jwt(subject, audience)).GetAsync("/api/sites/oidc-site/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_jwt_signed_with_another_key_is_refused()
    {
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = new Dictionary<string, object> { ["sub"] = "idp|researcher-1" },
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256),
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientWith(forged).GetAsync("/api/sites/oidc-site/cases")).StatusCode);
    }

    private HttpClient ClientWith(string jwt)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        return client;
    }

    private static string Jwt(string subject, string audience) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = audience,
        Claims = new Dictionary<string, object> { ["sub"] = subject },
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
    });
}
