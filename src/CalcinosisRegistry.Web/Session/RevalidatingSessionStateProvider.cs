using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;

namespace CalcinosisRegistry.Web.Session;

/// <summary>
/// Checks an open circuit's session twice a second, so a revoked token or a deleted user ends a session that is
/// already on screen within a second; the layout then sends the browser to the sign-in page.
/// </summary>
internal sealed class RevalidatingSessionStateProvider(ILoggerFactory loggerFactory, SessionValidator validator)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => WebSession.RecheckEvery;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User.Identity?.IsAuthenticated == true
            ? validator.IsStillValidAsync(authenticationState.User)
            : Task.FromResult(true);

    /// <summary>The principal of the circuit as it stands now (anonymous once the session ended).</summary>
    public async Task<ClaimsPrincipal> CurrentUserAsync() => (await GetAuthenticationStateAsync()).User;
}
