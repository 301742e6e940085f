using CalcinosisRegistry.Contracts.Bulk;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Interchange;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CalcinosisRegistry.Endpoints.Bulk;

internal static class ImportProblems
{
    /// <summary>
    /// 400 for an upload unusable as a whole, naming every fault with its file, row and column (or line); nothing is
    /// staged. <c>errors</c> has the registry's usual <c>{path, message}</c> shape; <c>faults</c> the same faults by field.
    /// </summary>
    public static ProblemHttpResult Refused(IReadOnlyList<ImportFault> faults) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status400BadRequest,
        Type = Problems.ValidationType,
        Title = "The upload is not a usable case bundle",
        Detail = "The upload has faults; nothing was staged or stored.",
        Extensions =
        {
            ["errors"] = faults.Select(f => new { path = Where(f), message = f.Message }).ToList(),
            ["faults"] = faults.Select(Entry).ToList(),
        },
    });

    public static ProblemHttpResult NotFound(string siteId, string importId) =>
        Problems.Status(StatusCodes.Status404NotFound, "Import not found", $"Site '{siteId}' has no import '{importId}' (or it has expired).");

    public static ImportFaultEntry Entry(ImportFault fault) =>
        new(fault.CaseId, fault.Message, fault.File, fault.Row, fault.Column, fault.Line, fault.JsonPath);

    private static string Where(ImportFault fault) => string.Join(" ", new[]
    {
        fault.File,
        fault.Row is int row ? $"row {row}" : null,
        fault.Column is { } column ? $"column {column}" : null,
        fault.Line is long line ? $"line {line}" : null,
        fault.JsonPath,
    }.Where(part => part is not null)) is { Length: > 0 } where ? where : "upload";
}
