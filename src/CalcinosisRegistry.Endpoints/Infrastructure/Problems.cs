using CalcinosisRegistry.Domain.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CalcinosisRegistry.Endpoints.Infrastructure;

/// <summary>RFC 7807 problem documents of the registry. A refused request names every fault, with its JSON path.</summary>
public static class Problems
{
    public const string ValidationType = "https://calcinosis-registry.example/problems/validation";

    /// <summary>The detail of a refused case write.</summary>
    public const string NothingStored = "The request has faults; nothing was stored.";

    /// <summary>The detail of a refused admin change.</summary>
    public const string NothingChanged = "The request has faults; nothing was changed.";

    /// <summary>A 400 naming every fault; the default detail suits a read, writes pass what they did not do.</summary>
    public static ProblemHttpResult Validation(IEnumerable<ValidationError> errors, string detail = "The request has faults; see errors.")
    {
        var list = errors.ToList();
        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Type = ValidationType,
            Title = "The request is not valid",
            Detail = detail,
            Extensions = { ["errors"] = list.Select(e => new { path = e.Path, message = e.Message }).ToList() },
        });
    }

    public static ProblemHttpResult Status(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
