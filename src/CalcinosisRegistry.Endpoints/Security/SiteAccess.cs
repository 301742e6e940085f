using System.Security.Claims;
using CalcinosisRegistry.Endpoints.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>
/// Resource-based authorisation of a site's cases at the HTTP boundary (checked again in the grain layer). A
/// researcher of another site learns nothing: reading answers 404 as if the case did not exist; writing answers 403.
/// </summary>
public sealed class SiteAccess(IOptions<RegistrySecurityOptions> options)
{
    public bool Enforced => options.Value.Enabled;

    /// <summary>Null when allowed, otherwise the refusal to return.</summary>
    public ProblemHttpResult? Check(ClaimsPrincipal user, string siteId, bool write)
    {
        if (!Enforced || RegistryClaims.ToCaller(user) is { } caller && caller.MaySeeCasesOf(siteId))
        {
            return null;
        }

        return write
            ? Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", $"You may not change the cases of site '{siteId}'.")
            : Problems.Status(StatusCodes.Status404NotFound, "Not found", "No such case or site.");
    }
}
