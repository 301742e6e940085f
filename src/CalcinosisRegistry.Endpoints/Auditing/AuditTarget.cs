using System.Globalization;
using CalcinosisRegistry.Contracts.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>
/// What an admin action acted on, for its audit entry's detail (issue 16.6, finding 14.5): the user and token named
/// by the route, and for a creation what was created, so a token issued by an admin for someone else is on record
/// with its target user and token id.
/// </summary>
internal static class AuditTarget
{
    public static string? Describe(HttpContext http, object? result)
    {
        if (!AuditRecorder.ActionOf(http).StartsWith("admin.", StringComparison.Ordinal))
        {
            return null;
        }

        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        var target = (result as IValueHttpResult)?.Value switch
        {
            IssuedToken issued => $"user {issued.Info.UserId}, token {issued.Info.TokenId} (expires {issued.Info.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)})",
            RegistryUser user => $"user {user.UserId} ({user.Role.ToString().ToLowerInvariant()}{(user.Sites.Count > 0 ? $" of {string.Join(", ", user.Sites)}" : "")})",
            RegistrySite site => $"site {site.SiteId}",
            _ => FromRoute(http),
        };
        return target is null ? null : $"target: {target}";
    }

    private static string? FromRoute(HttpContext http) =>
        (http.GetRouteValue("userId") as string, http.GetRouteValue("tokenId") as string) switch
        {
            ({ } user, { } token) => $"user {user}, token {token}",
            ({ } user, null) => $"user {user}",
            _ => null,
        };
}
