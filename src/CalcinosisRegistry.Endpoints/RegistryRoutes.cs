using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalcinosisRegistry.Endpoints;

internal static class RegistryRoutes
{
    /// <summary>
    /// A group of API routes as every one of them must be: behind an authorisation policy, rate-limited per token,
    /// recorded in the audit trail before its response is sent, and strict about its query string. The problem
    /// responses every route may give are declared here for the OpenAPI document; routes add their own.
    /// </summary>
    public static RouteGroupBuilder MapRegistryGroup(this IEndpointRouteBuilder routes, string prefix, string tag, string policy) =>
        routes.MapGroup(prefix).WithTags(tag)
            .RequireAuthorization(policy)
            .RequireRateLimiting(RegistrySecurity.RateLimitPolicy)
            .WithAuditTrail()
            .WithStrictQuery()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
