using CalcinosisRegistry.Endpoints.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Logging;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>
/// Records every API request in the audit trail, after the handler decided and before anything is sent. If the
/// audit trail cannot be written the caller gets a 503 instead of the result: nothing is served unaudited. A case
/// handler's answer carries its versions (<see cref="IAuditedResult"/>); a case write whose entry was committed with
/// the case state (<see cref="AuditVersions.RecordedWithWrite"/>) is recorded already.
/// </summary>
internal sealed class AuditFilter(AuditRecorder recorder, ILogger<AuditFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception exception)
        {
            await TryRecordFailureAsync(http, exception);
            throw;
        }

        var versions = (result as IAuditedResult)?.Versions;
        if (versions?.RecordedWithWrite == true)
        {
            AuditedRequest.Mark(http);
            AuditRecorder.RecordAppend("with-write", "appended");
            return result;
        }

        var status = StatusOf(result, http);
        try
        {
            await recorder.RecordAsync(http, status, AuditDetail.Of(http) ?? AuditTarget.Describe(http, result), versions);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "The audit trail could not be written; refusing to answer {Action}", AuditRecorder.ActionOf(http));
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "The registry is temporarily unavailable",
                "The audit trail could not be written, so the answer is withheld. If this was a write, it may have been stored: re-sending the same document is safe.");
        }

        return result;
    }

    /// <summary>
    /// The status a handler's result will send; typed <c>Results&lt;…&gt;</c> wrap the actual result. A result
    /// without a status of its own sends the response's: that is how a parameter that could not be bound arrives
    /// here (the framework set 400 and skips the handler).
    /// </summary>
    private static int StatusOf(object? result, HttpContext http)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return (result as IStatusCodeHttpResult)?.StatusCode ?? http.Response.StatusCode;
    }

    private async Task TryRecordFailureAsync(HttpContext http, Exception exception)
    {
        try
        {
            await recorder.RecordAsync(http, RegistryExceptionHandler.StatusOf(http, exception), exception.GetType().Name);
        }
        catch (Exception auditException)
        {
            logger.LogError(auditException, "The audit trail could not record a failed request");
        }
    }
}
