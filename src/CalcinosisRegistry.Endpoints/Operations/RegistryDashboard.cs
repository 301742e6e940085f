using CalcinosisRegistry.Endpoints.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace CalcinosisRegistry.Endpoints.Operations;

/// <summary>
/// The Orleans Dashboard at <c>/dashboard</c>, when <c>Registry:Dashboard</c> is on: admins only, its page and its data
/// routes alike. Scripts send the admin bearer token; a browser signs in once at <c>/dashboard-sign-in</c>, which keeps
/// the token in an HttpOnly, SameSite=Strict cookie scoped to <c>/dashboard</c>. Every dashboard request presents it
/// again as its bearer token, so an expired or revoked token (or a deleted user) is refused as anywhere else.
/// </summary>
public static class RegistryDashboard
{
    public const string Path = "/dashboard";
    public const string SignInPath = "/dashboard-sign-in";
    public const string SessionCookie = "registry-dashboard";
    public const string ConfigurationKey = "Registry:Dashboard";

    /// <summary>
    /// Maps the dashboard through <paramref name="mapDashboard"/> (the host's <c>MapOrleansDashboard</c>, so this
    /// library needs no dashboard package) behind the admin policy.
    /// </summary>
    public static WebApplication MapRegistryDashboard(this WebApplication app, Func<IEndpointRouteBuilder, string, IEndpointConventionBuilder> mapDashboard)
    {
        if (!app.Configuration.GetValue<bool>(ConfigurationKey))
        {
            return app;
        }

        mapDashboard(app, Path).RequireAuthorization(RegistryPolicies.Admin);
        app.MapGet(SignInPath, ShowSignIn).ExcludeFromDescription();
        app.MapPost(SignInPath, SignIn).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    /// <summary>Presents the dashboard session cookie as the bearer token of a dashboard request that carries none.</summary>
    public static IApplicationBuilder UseRegistryDashboardSession(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Path)
                && context.Request.Headers.Authorization.Count == 0
                && context.Request.Cookies.TryGetValue(SessionCookie, out var token)
                && !string.IsNullOrWhiteSpace(token))
            {
                context.Request.Headers.Authorization = $"Bearer {token}";
            }

            return next(context);
        });

    public static ContentHttpResult ShowSignIn() => TypedResults.Content(SignInPage, "text/html; charset=utf-8");

    public static Results<RedirectHttpResult, BadRequest<string>> SignIn(HttpContext context, IFormCollection form)
    {
        var token = form["token"].ToString().Trim();
        if (token.Length == 0)
        {
            return TypedResults.BadRequest("Paste an admin token.");
        }

        context.Response.Cookies.Append(SessionCookie, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = Path,
            MaxAge = TimeSpan.FromHours(8),
        });
        return TypedResults.Redirect($"{Path}/", permanent: false, preserveMethod: false);
    }

    private const string SignInPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>CalcinosisRegistry dashboard sign-in</title></head>
        <body>
        <h1>Dashboard sign-in</h1>
        <p>The Orleans Dashboard is for registry admins. Paste an admin token; it is kept in a cookie for this browser only.</p>
        <form method="post" action="/dashboard-sign-in">
          <label>Admin token <input type="password" name="token" autocomplete="off" size="60"></label>
          <button type="submit">Sign in</button>
        </form>
        </body></html>
        """;
}
