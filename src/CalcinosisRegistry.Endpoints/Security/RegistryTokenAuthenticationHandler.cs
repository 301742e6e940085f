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
/// an expiry or a deleted user takes effect within a second on every front end and silo. A refusal says which fault
/// it was (RFC 6750's <c>WWW-Authenticate</c> too), except that an unknown token id and a wrong secret read the
/// same, so nobody learns which token ids exist.
/// </summary>
internal sealed class RegistryTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    IMemoryCache cache,
    BootstrapAdminToken bootstrap,
    BootstrapAdminGate bootstrapGate) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
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
            return BearerChallenge.Fail(BearerChallenge.InvalidRequest,
                "The Authorization header must use the Bearer scheme: 'Authorization: Bearer <token>'.");
        }

        var token = header["Bearer ".Length..].Trim();
        if (bootstrap.Matches(token))
        {
            return await BootstrapAsync();
        }

        if (!ApiToken.TryParse(token, out var tokenId, out var secret))
        {
            return BearerChallenge.Fail(BearerChallenge.InvalidToken, "The bearer token is malformed: a registry token looks like crt_<id>_<secret>.");
        }

        var secretHash = ApiToken.HashSecret(secret);
        var cacheKey = $"token:{tokenId}:{secretHash}";
        if (!cache.TryGetValue(cacheKey, out TokenCheck? check) || check is null)
        {
            check = await Access().CheckTokenAsync(tokenId, secretHash);
            cache.Set(cacheKey, check, CacheFor);
        }

        return check.Caller is { } caller
            ? Success(caller, tokenId)
            : BearerChallenge.Fail(BearerChallenge.InvalidToken, check.Fault switch
            {
                TokenFault.Expired => "The token has expired: ask an admin for a new one.",
                TokenFault.Revoked => "The token has been revoked.",
                TokenFault.UserDeleted => "The token's user has been deleted.",
                _ => "The token is unknown or its secret is wrong.",
            });
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var (header, detail) = BearerChallenge.Of(result);
        Response.Headers.WWWAuthenticate = header;
        await SecurityProblems.WriteAsync(Context, 401, "Authentication required", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        SecurityProblems.WriteAsync(Context, 403, "Forbidden", "Your role does not allow this request.");

    private async Task<AuthenticateResult> BootstrapAsync() =>
        await bootstrapGate.RefusalAsync() is { } refusal
            ? BearerChallenge.Fail(BearerChallenge.InvalidToken, refusal)
            : Success(BootstrapAdmin, tokenId: BootstrapAdminToken.UserId);

    private IAccessControlGrain Access() => grains.GetRegistryGrain<IAccessControlGrain>(RegistryKeys.AccessControl);

    private AuthenticateResult Success(CallerIdentity caller, string? tokenId) =>
        AuthenticateResult.Success(new AuthenticationTicket(RegistryClaims.ToPrincipal(caller, Scheme.Name, tokenId), Scheme.Name));
}
