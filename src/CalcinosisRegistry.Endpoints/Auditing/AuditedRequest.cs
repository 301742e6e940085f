using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>
/// A request feature saying the request's entry has been written (or committed with its case write), so
/// <see cref="AuditEveryRequestMiddleware"/> does not write a second one.
/// </summary>
public sealed class AuditedRequest
{
    private static readonly AuditedRequest Instance = new();

    private AuditedRequest()
    {
    }

    public static void Mark(HttpContext http) => http.Features.Set(Instance);

    public static bool IsMarked(HttpContext http) => http.Features.Get<AuditedRequest>() is not null;
}
