using System.Security.Claims;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Domain.Access;
using CalcinosisRegistry.Endpoints.Security;
using Microsoft.Extensions.Caching.Memory;

namespace CalcinosisRegistry.Web.Session;

/// <summary>
/// Turns a pasted token into a session principal, and checks a session's token again, as the API checks a bearer
/// token: the access-control grain decides, and a check is trusted for <see cref="WebSession.RecheckEvery"/> at most.
/// </summary>
public sealed class SessionValidator(IGrainFactory grains, IMemoryCache cache, BootstrapAdminToken bootstrap, BootstrapAdminGate bootstrapGate)
{
    private static readonly CallerIdentity BootstrapAdmin = new(BootstrapAdminToken.UserId, RegistryRole.Admin, []);

    /// <summary>The session principal for a pasted token, or null when the token is not (or no longer) valid.</summary>
    public async Task<ClaimsPrincipal?> SignInAsync(string? token)
    {
        token = token?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (bootstrap.Matches(token))
        {
            return await bootstrapGate.RefusalAsync() is null ? RegistryClaims.ToPrincipal(BootstrapAdmin, WebSession.Scheme, tokenId: null) : null;
        }

        if (!ApiToken.TryParse(token, out var tokenId, out var secret))
        {
            return null;
        }

        var secretHash = ApiToken.HashSecret(secret);
        var caller = (await Access().CheckTokenAsync(tokenId, secretHash)).Caller;
        if (caller is null)
        {
            return null;
        }

        var principal = RegistryClaims.ToPrincipal(caller, WebSession.Scheme, tokenId);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(WebSession.SecretHashClaim, secretHash));
        return principal;
    }

    /// <summary>
    /// Whether the session still stands for a valid token with the same user, role and sites. The bootstrap admin's
    /// session has no token id: its token cannot be revoked, only replaced by restarting with another one.
    /// </summary>
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal principal)
    {
        if (RegistryClaims.ToCaller(principal) is not { } sessionCaller)
        {
            return false;
        }

        // A session from the OpenID Connect code flow stands for its subject's registry user.
        if (principal.FindFirstValue(WebOidc.SubjectClaim) is { } subject)
        {
            return Same(await CheckedAsync($"web-session:oidc:{subject}", () => Access().AuthenticateSubjectAsync(subject)), sessionCaller);
        }

        var tokenId = principal.FindFirstValue(RegistryClaims.TokenId);
        var secretHash = principal.FindFirstValue(WebSession.SecretHashClaim);
        if (tokenId is null || secretHash is null)
        {
            return sessionCaller.UserId == BootstrapAdminToken.UserId && sessionCaller.Role == RegistryRole.Admin
                && await bootstrapGate.RefusalAsync() is null;
        }

        return Same(await CheckedAsync($"web-session:{tokenId}:{secretHash}", async () => (await Access().CheckTokenAsync(tokenId, secretHash)).Caller), sessionCaller);
    }

    /// <summary>The registry's current answer for a session, trusted for <see cref="WebSession.RecheckEvery"/>.</summary>
    private async Task<CallerIdentity?> CheckedAsync(string cacheKey, Func<Task<CallerIdentity?>> check)
    {
        if (!cache.TryGetValue(cacheKey, out CallerIdentity? current))
        {
            current = await check();
            cache.Set(cacheKey, current, WebSession.RecheckEvery);
        }

        return current;
    }

    /// <summary>Still the same user with the same role and sites (a changed role or site list ends the session).</summary>
    private static bool Same(CallerIdentity? current, CallerIdentity sessionCaller) =>
        current is not null
            && current.UserId == sessionCaller.UserId
            && current.Role == sessionCaller.Role
            && current.Sites.SequenceEqual(sessionCaller.Sites, StringComparer.Ordinal);

    private IAccessControlGrain Access() => grains.GetRegistryGrain<IAccessControlGrain>(RegistryKeys.AccessControl);
}
