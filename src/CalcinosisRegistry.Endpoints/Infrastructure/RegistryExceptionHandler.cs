using CalcinosisRegistry.Contracts.Faults;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace CalcinosisRegistry.Endpoints.Infrastructure;

/// <summary>
/// Turns failures of the cluster or its storage into a prompt 503 with a problem document (the write may be retried
/// safely: re-sending the same document is a no-op), a refused grain call into 403, a storage version conflict into
/// 409, and a too-large or unreadable request into its 4xx.
/// </summary>
internal sealed class RegistryExceptionHandler(IProblemDetailsService problems, ILogger<RegistryExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = Classify(httpContext, exception);
        if (status >= 500)
        {
            logger.LogError(exception, "Request {Method} {Path} failed with {Status}", httpContext.Request.Method, httpContext.Request.Path, status);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>The status a failed request answers with (the audit trail records the same).</summary>
    public static int StatusOf(HttpContext httpContext, Exception exception) => Classify(httpContext, exception).Status;

    private static (int Status, string Title, string Detail) Classify(HttpContext httpContext, Exception exception) => exception switch
    {
        BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
        OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "Client closed request", "The request was cancelled."),
        AccessDeniedException => (StatusCodes.Status403Forbidden, "Forbidden", "You may not access the cases of this site."),
        ConcurrentWriteException => (StatusCodes.Status409Conflict, "Concurrent write",
            "Another write reached the case's storage first; nothing was changed. Read the case again and retry."),
        _ when IsUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "The registry is temporarily unavailable",
            "A part of the registry (the cluster or its database) did not answer. Nothing was lost: retry the request; re-sending the same document is safe."),
        _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "The registry failed unexpectedly."),
    };

    /// <summary>Faults of the cluster or the database, however they arrive: translated, wrapped, or undeserialisable.</summary>
    private static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is RegistryUnavailableException or TimeoutException or OrleansException or OperationCanceledException
                or System.Data.Common.DbException or Orleans.Serialization.SerializerException)
            {
                return true;
            }
        }

        return false;
    }
}
