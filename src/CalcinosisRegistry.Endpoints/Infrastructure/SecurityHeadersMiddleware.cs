using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Infrastructure;

/// <summary>
/// Response headers every answer carries (finding 14.7): no MIME sniffing, no framing, no referrer, and a
/// Content-Security-Policy for the Blazor server pages to come (MudBlazor served locally, its SignalR circuit over
/// ws/wss). API answers are never cached anywhere: case documents and audit exports are personal research data.
/// </summary>
/// <remarks>
/// The browsable API reference (<c>/docs</c>) and the Orleans dashboard configure themselves with inline scripts, so
/// those two alone may run inline script; nothing else may.
/// </remarks>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self' ws: wss:; " +
        "img-src 'self' data: blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public const string InlineScriptContentSecurityPolicy =
        "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; " +
        "img-src 'self' data: blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        // Set as the response starts, so an answer rewritten by the exception handler (which clears headers) has them too.
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/docs") || context.Request.Path.StartsWithSegments("/dashboard")
            ? InlineScriptContentSecurityPolicy
            : ContentSecurityPolicy;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            headers.CacheControl = "no-store";
        }
    }
}
