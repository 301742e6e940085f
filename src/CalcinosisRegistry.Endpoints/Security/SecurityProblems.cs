using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using CalcinosisRegistry.Endpoints.Auditing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CalcinosisRegistry.Endpoints.Security;

/// <summary>Problem documents for refusals that happen before an endpoint runs (401, 403, 429).</summary>
internal static class SecurityProblems
{
    /// <summary>Audits the refusal, then writes it. A refusal is sent even if the audit trail is down (it is logged).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        try
        {
            await context.RequestServices.GetRequiredService<AuditRecorder>().RecordAsync(context, status, title);
        }
        catch (Exception exception)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecurityProblems))
                .LogError(exception, "The audit trail could not record a refused request ({Status})", status);
        }

        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
