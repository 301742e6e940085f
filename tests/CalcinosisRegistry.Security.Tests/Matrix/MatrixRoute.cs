using System.Net;
using CalcinosisRegistry.Security.Tests.Infrastructure;

namespace CalcinosisRegistry.Security.Tests.Matrix;

/// <summary>
/// One route of the access matrix: its audit action, who it admits, the status an admitted caller gets, and how to
/// prepare a fresh attempt (a new case id to create, a fresh case to withdraw, a fresh token to revoke...).
/// </summary>
public sealed record MatrixRoute(
    string Name,
    string AuditAction,
    RouteAudience Audience,
    HttpStatusCode AllowedStatus,
    Func<SecuredRegistry, Task<MatrixAttempt>> PrepareAsync)
{
    /// <summary>The status <paramref name="caller"/> must get on this route when the target is in site-a.</summary>
    public HttpStatusCode ExpectedStatusFor(Caller caller) => caller switch
    {
        Caller.Anonymous or Caller.BearerNonsense or Caller.MalformedRegistryToken or Caller.TokenWithoutBearerScheme => HttpStatusCode.Unauthorized,
        _ => Audience switch
        {
            RouteAudience.AnyRole => AllowedStatus,
            RouteAudience.Admin => caller is Caller.BootstrapAdmin or Caller.Admin ? AllowedStatus : HttpStatusCode.Forbidden,
            RouteAudience.SiteReader => caller switch
            {
                Caller.ResearcherA => AllowedStatus,
                Caller.ResearcherB => HttpStatusCode.NotFound,
                _ => HttpStatusCode.Forbidden,
            },
            RouteAudience.SiteWriter => caller == Caller.ResearcherA ? AllowedStatus : HttpStatusCode.Forbidden,
            _ => throw new ArgumentOutOfRangeException(nameof(caller)),
        },
    };

    public override string ToString() => Name;
}
