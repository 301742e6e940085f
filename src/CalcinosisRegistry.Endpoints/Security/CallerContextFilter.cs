using CalcinosisRegistry.Contracts.Access;
using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>
/// Carries the authenticated caller into every grain call the endpoint makes, so the grain layer can enforce site
/// isolation itself instead of trusting the HTTP tier alone (and never a site taken from a request body).
/// </summary>
internal sealed class CallerContextFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (RegistryClaims.ToCaller(context.HttpContext.User) is { } caller)
        {
            RequestContext.Set(CallerContext.Key, caller);
        }

        return next(context);
    }
}
