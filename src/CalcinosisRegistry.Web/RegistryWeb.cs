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
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CalcinosisRegistry.Web;

/// <summary>The one place where the browser application is registered and mapped, for the silo host and the front end alike.</summary>
public static class RegistryWeb
{
    /// <summary>Call after <c>AddRegistryApi</c>: the web app uses its access rules, disclosure and audit trail.</summary>
    public static IServiceCollection AddRegistryWeb(this IServiceCollection services)
    {
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
        services.AddAuthentication().AddCookie(WebSession.Scheme, cookie =>
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
        app.MapWebExports();
        return app;
    }

    private static void MapSignOut(this WebApplication app) =>
        app.MapPost(WebSession.SignOutPath, async (HttpContext http, [Microsoft.AspNetCore.Mvc.FromForm] string? reason) =>
        {
            await http.SignOutAsync(WebSession.Scheme);
            return TypedResults.LocalRedirect(WebSession.SignInPath);
        });
}
