using System.Security.Claims;
using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Domain.Access;

namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>How a registry caller is written into, and read back from, an ASP.NET Core principal.</summary>
public static class RegistryClaims
{
    public const string Scheme = "RegistryToken";
    public const string Site = "registry:site";
    public const string TokenId = "registry:token";

    public static ClaimsPrincipal ToPrincipal(CallerIdentity caller, string authenticationType, string? tokenId)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, caller.UserId),
            new(ClaimTypes.Role, caller.Role.ToString()),
        };
        claims.AddRange(caller.Sites.Select(site => new Claim(Site, site)));
        if (tokenId is not null)
        {
            claims.Add(new Claim(TokenId, tokenId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.NameIdentifier, ClaimTypes.Role));
    }

    /// <summary>The caller, or null for an anonymous principal.</summary>
    public static CallerIdentity? ToCaller(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId
            || !Enum.TryParse<RegistryRole>(principal.FindFirstValue(ClaimTypes.Role), out var role))
        {
            return null;
        }

        return new CallerIdentity(userId, role, [.. principal.FindAll(Site).Select(c => c.Value)]);
    }
}
