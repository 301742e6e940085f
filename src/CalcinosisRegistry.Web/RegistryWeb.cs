using CalcinosisRegistry.Endpoints.Operations;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Web.Components;
using CalcinosisRegistry.Web.Exports;
using CalcinosisRegistry.Web.Services;
using CalcinosisRegistry.Web.Session;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CalcinosisRegistry.Web;

/// <summary>The one place where the browser application is registered and mapped, for the silo host and the front end alike.</summary>
public static class RegistryWeb
{
    /// <summary>Call after <c>AddRegistryApi</c>: the web app uses its access rules, disclosure and audit trail.</summary>
    public static IServiceCollection AddRegistryWeb(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingSessionStateProvider>();
        services.AddSingleton<SessionValidator>();
        services.AddScoped<WebCaller>();
        services.AddScoped<WebAudit>();
        services.AddScoped<CaseService>();
        services.AddScoped<OutcomesService>();
        services.AddScoped<AnalysisService>();
        services.AddScoped<AdminService>();
        var authentication = services.AddAuthentication();
        authentication.AddCookie(WebSession.Scheme, cookie =>
        {
            cookie.Cookie.Name = WebSession.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = WebSession.SignInPath;
            cookie.AccessDeniedPath = "/";
            cookie.Events.OnValidatePrincipal = async context =>
            {
                var validator = context.HttpContext.RequestServices.GetRequiredService<SessionValidator>();
                if (context.Principal is null || !await validator.IsStillValidAsync(context.Principal))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(WebSession.Scheme);
                }
            };
        });

        var authority = configuration.GetSection(RegistrySecurityOptions.Section).Get<RegistrySecurityOptions>()?.OidcAuthority;
        var oidcClient = configuration.GetSection(WebOidcOptions.Section).Get<WebOidcOptions>();
        if (!string.IsNullOrWhiteSpace(authority) && !string.IsNullOrWhiteSpace(oidcClient?.ClientId))
        {
            authentication.AddWebOidc(authority, oidcClient);
        }

        // The API's token scheme stays the default; outside /api and the Orleans Dashboard (pages, the circuit's hub,
        // downloads) it hands over to the session cookie, so the API never accepts a cookie (no cross-site request can
        // use a session on it) and the dashboard keeps its own admin-token sign-in.
        services.PostConfigure<AuthenticationSchemeOptions>(RegistryClaims.Scheme, options =>
            options.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments(RegistryDashboard.Path)
                || context.Request.Headers.Authorization.Count > 0
                    ? null
                    : WebSession.Scheme);
        return services;
    }

    /// <summary>Call after <c>MapRegistryApi</c> (authentication and authorisation are in place by then).</summary>
    public static WebApplication MapRegistryWeb(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapSignOut();
        app.MapOidcChallenge();
        app.MapWebExports();
        return app;
    }

    /// <summary>Starts the OpenID Connect code flow when it is configured (the sign-in page links here).</summary>
    private static void MapOidcChallenge(this WebApplication app) =>
        app.MapGet(WebOidc.ChallengePath, async Task<Results<ChallengeHttpResult, NotFound>> (IAuthenticationSchemeProvider schemes, string? returnUrl) =>
            await schemes.GetSchemeAsync(WebOidc.Scheme) is null
                ? TypedResults.NotFound()
                : TypedResults.Challenge(new AuthenticationProperties { RedirectUri = WebSession.SafeReturnUrl(returnUrl) }, [WebOidc.Scheme]));

    private static void MapSignOut(this WebApplication app) =>
        app.MapPost(WebSession.SignOutPath, async (HttpContext http, [Microsoft.AspNetCore.Mvc.FromForm] string? reason) =>
        {
            await http.SignOutAsync(WebSession.Scheme);
            return TypedResults.LocalRedirect(WebSession.SignInPath);
        });
}
