using System.Security.Claims;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Endpoints.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace CalcinosisRegistry.Web.Services;

/// <summary>
/// The signed-in user of this circuit, as the API's handlers see theirs: the principal for the access rules and the
/// audit trail, and the caller that grain calls carry so the grain layer checks site isolation again.
/// </summary>
public sealed class WebCaller(AuthenticationStateProvider authentication)
{
    public async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<CallerIdentity?> CallerAsync() => RegistryClaims.ToCaller(await UserAsync());

    /// <summary>Runs a grain call with the caller in the request context, as the API's CallerContextFilter does.</summary>
    public static async Task<T> AsCallerAsync<T>(ClaimsPrincipal user, Func<Task<T>> call)
    {
        if (RegistryClaims.ToCaller(user) is { } caller)
        {
            RequestContext.Set(CallerContext.Key, caller);
        }

        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Remove(CallerContext.Key);
        }
    }
}
