using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CalcinosisRegistry.Web.Session;

/// <summary>
/// Browser sign-in with the OpenID Connect code flow (PKCE, response in the query): the provider's id_token subject
/// stands for the registry user whose <c>oidcSubject</c> it is, and becomes the same cookie session as a pasted token,
/// with roles and sites from the registry, never from the provider. The session is checked again like a token's.
/// </summary>
public static class WebOidc
{
    public const string Scheme = "RegistryWebOidc";

    /// <summary>The provider's subject, kept in the session so it can be checked again.</summary>
    public const string SubjectClaim = "registry:oidc-subject";

    public const string ChallengePath = "/signin/oidc";

    public static void AddWebOidc(this AuthenticationBuilder authentication, string authority, WebOidcOptions client) =>
        authentication.AddOpenIdConnect(Scheme, oidc =>
        {
            oidc.Authority = authority;
            oidc.ClientId = client.ClientId;
            oidc.ClientSecret = client.ClientSecret;
            oidc.RequireHttpsMetadata = client.RequireHttpsMetadata;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            // The query, not a cross-site form post, so the correlation cookies can stay SameSite=Lax.
            oidc.ResponseMode = OpenIdConnectResponseMode.Query;
            oidc.UsePkce = true;
            oidc.SignInScheme = WebSession.Scheme;
            oidc.MapInboundClaims = false;
            oidc.SaveTokens = false;
            oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
            oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            oidc.NonceCookie.SameSite = SameSiteMode.Lax;
            oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            oidc.Events.OnTokenValidated = MapToRegistryUserAsync;
            oidc.Events.OnRemoteFailure = context =>
            {
                context.HandleResponse();
                context.Response.Redirect($"{WebSession.SignInPath}?oidc=failed");
                return Task.CompletedTask;
            };
        });

    private static async Task MapToRegistryUserAsync(TokenValidatedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var subject = context.Principal?.FindFirst("sub")?.Value;
        var caller = subject is null
            ? null
            : await services.GetRequiredService<IGrainFactory>().GetRegistryGrain<IAccessControlGrain>(RegistryKeys.AccessControl).AuthenticateSubjectAsync(subject);
        if (caller is null)
        {
            await services.GetRequiredService<WebAudit>().RecordAsync(context.Principal ?? new(), "web.session.sign-in", 401, detail: "oidc");
            context.Fail("The provider's subject is not a registry user.");
            return;
        }

        var principal = RegistryClaims.ToPrincipal(caller, WebSession.Scheme, tokenId: null);
        ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new(SubjectClaim, subject!));
        await services.GetRequiredService<WebAudit>().RecordAsync(principal, "web.session.sign-in", 200, detail: "oidc");
        context.Principal = principal;
    }
}
