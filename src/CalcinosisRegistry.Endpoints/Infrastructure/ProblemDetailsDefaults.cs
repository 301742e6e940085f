using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Infrastructure;

/// <summary>
/// A detail for the problem documents ASP.NET Core writes by itself (status-code pages), so no refusal is left
/// without saying what to do. Issue 16.1: a body that is not declared JSON is a 415 naming the header to send.
/// </summary>
internal static class ProblemDetailsDefaults
{
    public const string UnsupportedMediaTypeDetail =
        "Send Content-Type: application/json: request bodies are JSON documents (curl: -H 'Content-Type: application/json').";

    public static void Explain(ProblemDetailsContext context)
    {
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaTypeDetail,
            StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed on this route; the Allow header lists the methods that are.",
            StatusCodes.Status404NotFound => "There is no such route; the API reference is at /docs.",
            StatusCodes.Status400BadRequest => "The request could not be read: check the JSON body and the query parameters.",
            _ => null,
        };
    }
}
