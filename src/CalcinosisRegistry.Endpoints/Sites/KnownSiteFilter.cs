using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.Security;
using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Sites;

/// <summary>
/// Refuses, with 404, a request naming a site that is not registered (route <c>{siteId}</c> or query <c>site=</c>),
/// before the handler can activate a grain for it (finding 14.4). A researcher's own sites exist by construction (a
/// researcher is bound only to registered sites, and sites are never removed), so their requests cost no lookup.
/// A malformed id is left to the handler, which names it among the request's faults.
/// </summary>
/// <remarks>
/// Which sites exist is no secret: every signed-in user can list them (<c>GET /api/sites</c>), so this 404 tells a
/// caller nothing they could not read. Case routes with access control switched off are not checked: there, a first
/// case creates its site.
/// </remarks>
internal sealed class KnownSiteFilter(KnownSites sites) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var fromRoute = http.Request.RouteValues.TryGetValue("siteId", out var routeSite);
        var siteId = fromRoute ? routeSite as string : http.Request.Query["site"].ToString() is { Length: > 0 } query ? query : null;
        if (siteId is null || !CaseIdentifiers.IsValidSiteId(siteId) || (fromRoute && !sites.AccessControlled))
        {
            return await next(context);
        }

        if (RegistryClaims.ToCaller(http.User)?.MaySeeCasesOf(siteId) == true || await sites.ExistsAsync(siteId))
        {
            return await next(context);
        }

        return Problems.Status(StatusCodes.Status404NotFound, "Unknown site",
            $"No site '{siteId}' is registered; GET /api/sites lists the sites.");
    }
}
