using System.Text.Encodings.Web;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Domain.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>
/// Bearer authentication with registry-issued tokens. A check is cached for one second at most, so a revocation,
/// an expiry or a deleted user takes effect within a second on every front end and silo.
/// </summary>
internal sealed class RegistryTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    IMemoryCache cache,
    BootstrapAdminToken bootstrap) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private static readonly CallerIdentity BootstrapAdmin = new(BootstrapAdminToken.UserId, RegistryRole.Admin, []);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <token>'.");
        }

        var token = header["Bearer ".Length..].Trim();
        if (bootstrap.Matches(token))
        {
            return Success(BootstrapAdmin, tokenId: null);
        }

        if (!ApiToken.TryParse(token, out var tokenId, out var secret))
        {
            return AuthenticateResult.Fail("The bearer token is not a registry token.");
        }

        var secretHash = ApiToken.HashSecret(secret);
        var cacheKey = $"token:{tokenId}:{secretHash}";
        if (!cache.TryGetValue(cacheKey, out CallerIdentity? caller))
        {
            caller = await grains.GetRegistryGrain<IAccessControlGrain>(RegistryKeys.AccessControl).AuthenticateAsync(tokenId, secretHash);
            cache.Set(cacheKey, caller, CacheFor);
        }

        return caller is null
            ? AuthenticateResult.Fail("The token is unknown, expired or revoked, or its user was deleted.")
            : Success(caller, tokenId);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        SecurityProblems.WriteAsync(Context, 401, "Authentication required",
            "Send 'Authorization: Bearer <token>' with a valid registry token.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        SecurityProblems.WriteAsync(Context, 403, "Forbidden", "Your role does not allow this request.");

    private AuthenticateResult Success(CallerIdentity caller, string? tokenId) =>
        AuthenticateResult.Success(new AuthenticationTicket(RegistryClaims.ToPrincipal(caller, Scheme.Name, tokenId), Scheme.Name));
}
