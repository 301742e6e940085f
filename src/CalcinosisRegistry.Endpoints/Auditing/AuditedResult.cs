using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>
/// A case handler's typed result together with its <see cref="AuditVersions"/>, so the audit filter reads them from the
/// answer itself rather than from a side channel. It sends exactly what <see cref="Result"/> sends, and describes the
/// same responses to OpenAPI.
/// </summary>
public sealed class AuditedResult<TResult>(TResult result, AuditVersions versions) : IAuditedResult, INestedHttpResult, IEndpointMetadataProvider
    where TResult : IResult, IEndpointMetadataProvider
{
    public IResult Result => result;

    public AuditVersions Versions => versions;

    public Task ExecuteAsync(HttpContext httpContext) => result.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => TResult.PopulateMetadata(method, builder);
}
