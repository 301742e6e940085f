using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalcinosisRegistry.Endpoints.Auditing;

public static class AuditingExtensions
{
    /// <summary>Names the endpoint's action in the audit trail.</summary>
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder endpoint, string action) =>
        endpoint.WithMetadata(new AuditAction(action));

    /// <summary>Records every request of the group in the audit trail before its response is sent.</summary>
    public static RouteGroupBuilder WithAuditTrail(this RouteGroupBuilder group) => group.AddEndpointFilter<AuditFilter>();
}
