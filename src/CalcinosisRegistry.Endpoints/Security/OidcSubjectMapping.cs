using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Access;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;

namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>
/// OpenID Connect: a JWT validated against the configured authority and audience stands for the registry user whose
/// <c>oidcSubject</c> is the token's subject; roles and sites always come from the registry, never from the token.
/// </summary>
internal static class OidcSubjectMapping
{
    public const string Scheme = "Oidc";

    public static async Task MapToRegistryUserAsync(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirst("sub")?.Value
            ?? context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        var caller = subject is null ? null : await grains.GetRegistryGrain<IAccessControlGrain>(RegistryKeys.AccessControl).AuthenticateSubjectAsync(subject);
        if (caller is null)
        {
            context.Fail("The token's subject is not mapped to a registry user.");
            return;
        }

        context.Principal = RegistryClaims.ToPrincipal(caller, Scheme, tokenId: null);
    }
}
