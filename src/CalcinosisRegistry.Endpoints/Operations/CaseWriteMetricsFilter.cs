using System.Diagnostics;
using CalcinosisRegistry.Contracts.Telemetry;
using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Operations;

/// <summary>Counts case writes (PUT, DELETE) by outcome and times them, from the status their result will send.</summary>
internal sealed class CaseWriteMetricsFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var operation = context.HttpContext.Request.Method == HttpMethods.Delete ? "withdraw" : "put";
        var outcome = "failed";
        try
        {
            var result = await next(context);
            outcome = OutcomeOf(HttpResults.StatusOf(result));
            return result;
        }
        finally
        {
            var tags = new TagList { { "operation", operation }, { "outcome", outcome } };
            RegistryMetrics.CaseWrites.Add(1, tags);
            RegistryMetrics.CaseWriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private static string OutcomeOf(int status) => status switch
    {
        StatusCodes.Status201Created => "created",
        StatusCodes.Status200OK => "updated",
        StatusCodes.Status204NoContent => "withdrawn",
        400 or 413 or 415 or 422 => "invalid",
        409 or 412 or 428 => "conflict",
        401 or 403 => "denied",
        404 => "not-found",
        503 => "unavailable",
        _ => "failed",
    };
}
