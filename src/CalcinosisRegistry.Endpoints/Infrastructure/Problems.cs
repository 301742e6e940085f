using CalcinosisRegistry.Domain.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CalcinosisRegistry.Endpoints.Infrastructure;

/// <summary>RFC 7807 problem documents of the registry. A refused request names every fault, with its JSON path.</summary>
public static class Problems
{
    public const string ValidationType = "https://calcinosis-registry.example/problems/validation";

    public static ProblemHttpResult Validation(IEnumerable<ValidationError> errors, string detail = "The request has faults; nothing was stored.")
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
