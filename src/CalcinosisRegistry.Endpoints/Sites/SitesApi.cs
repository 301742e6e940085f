using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CalcinosisRegistry.Endpoints.Sites;

/// <summary>
/// The registered sites, for every signed-in user (finding 14.8): analysts need them to filter statistics by
/// <c>site=</c>, and an unknown site is a 404 everywhere, so listing them reveals nothing more.
/// </summary>
public static class SitesApi
{
    public static RouteGroupBuilder MapSitesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapRegistryGroup("/api/sites", "Sites", RegistryPolicies.StatisticsReader);
        group.MapGet("/", ListAsync).Audited("site.list").WithSummary("The registered sites (id and name), for every signed-in user.");
        group.MapGet("/{siteId}", GetAsync).Audited("site.read").WithSummary("One registered site; 404 for an unknown one.");
        return group;
    }

    public static async Task<Ok<List<SiteResponse>>> ListAsync(KnownSites sites) =>
        TypedResults.Ok((await sites.ListAsync()).Select(site => new SiteResponse(site.SiteId, site.Name)).ToList());

    public static async Task<Results<Ok<SiteResponse>, ProblemHttpResult>> GetAsync(string siteId, KnownSites sites) =>
        (await sites.ListAsync()).FirstOrDefault(site => site.SiteId == siteId) is { } site
            ? TypedResults.Ok(new SiteResponse(site.SiteId, site.Name))
            : Problems.Status(StatusCodes.Status404NotFound, "Unknown site", $"No site '{siteId}' is registered; GET /api/sites lists the sites.");
}
