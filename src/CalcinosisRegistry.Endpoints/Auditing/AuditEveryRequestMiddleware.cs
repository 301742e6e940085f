using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>
/// Every request to the API (<c>/api/...</c>) is audited whatever its outcome (finding 14.2). Endpoints and the
/// security refusals (401, 403, 429) record their own entries; this catches everything that is answered before an
/// endpoint runs or without one: 415 (wrong Content-Type), 400 for a body or query parameter that cannot be bound,
/// 405, 404 for an unknown route. It records as the response starts, before anything is sent. A refusal is sent
/// even if the trail is down (it is logged), as for the security refusals.
/// </summary>
internal sealed class AuditEveryRequestMiddleware(RequestDelegate next, AuditRecorder recorder, ILogger<AuditEveryRequestMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.OnStarting(() => RecordUnauditedAsync(context));
        }

        return next(context);
    }

    private async Task RecordUnauditedAsync(HttpContext context)
    {
        if (AuditedRequest.IsMarked(context))
        {
            return;
        }

        var status = context.Response.StatusCode;
        try
        {
            await recorder.RecordAsync(context, status, ReasonPhrases.GetReasonPhrase(status));
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "The audit trail could not record a refused request ({Status})", status);
        }
    }
}
