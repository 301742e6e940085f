using System.Security.Claims;
using System.Text;
using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Domain.Export;
using CalcinosisRegistry.Domain.Validation;
using CalcinosisRegistry.Endpoints.Analyses;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Web.Analyses;
using CalcinosisRegistry.Web.Outcomes;
using CalcinosisRegistry.Web.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CalcinosisRegistry.Web.Exports;

/// <summary>
/// Downloads of the web application (tables as CSV, figures as SVG or PNG, the audit trail as CSV): plain GETs on
/// the session cookie, behind the API's policies and recorded in its audit trail like any API request.
/// </summary>
public static class WebExports
{
    public static void MapWebExports(this IEndpointRouteBuilder routes)
    {
        var outcomes = routes.MapGroup("/export/outcomes").RequireAuthorization(RegistryPolicies.StatisticsReader).WithAuditTrail();
        outcomes.MapGet("/{type}/tables/{table}.csv", TableAsync).Audited("web.export.outcomes-table");
        outcomes.MapGet("/{type}/figures/{figure}.{format}", FigureAsync).Audited("web.export.outcomes-figure");

        var analyses = routes.MapGroup("/export/analyses").RequireAuthorization(RegistryPolicies.StatisticsReader).WithAuditTrail();
        analyses.MapGet("/table.csv", AnalysisTableAsync).Audited("web.export.analysis-table");
        analyses.MapGet("/km.{format}", AnalysisFigureAsync).Audited("web.export.analysis-figure");

        var audit = routes.MapGroup("/export/audit").RequireAuthorization(RegistryPolicies.Admin).WithAuditTrail();
        audit.MapGet("/trail.csv", AuditCsvAsync).Audited("web.export.audit");
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> TableAsync(string type, string table, ClaimsPrincipal user, OutcomesService service)
    {
        if (!OutcomeTables.Names.Contains(table) || await service.ReadAsync(user, type) is not { Succeeded: true, Value: { } outcomes })
        {
            return TypedResults.NotFound();
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(OutcomeTables.Csv(outcomes, table)), "text/csv", $"outcomes-{type}-{table}.csv");
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> FigureAsync(string type, string figure, string format, ClaimsPrincipal user, OutcomesService service)
    {
        if (format is not ("svg" or "png") || figure is not ("km" or "response" or "complete-response")
            || await service.ReadAsync(user, type) is not { Succeeded: true, Value: { } outcomes })
        {
            return TypedResults.NotFound();
        }

        var plot = figure switch
        {
            "km" => OutcomeFigures.KaplanMeier(outcomes),
            "response" => OutcomeFigures.Forest(outcomes, completeResponse: false),
            _ => OutcomeFigures.Forest(outcomes, completeResponse: true),
        };
        var name = $"outcomes-{type}-{figure}.{format}";
        return format == "svg"
            ? TypedResults.File(Encoding.UTF8.GetBytes(OutcomeFigures.Svg(plot)), "image/svg+xml", name)
            : TypedResults.File(OutcomeFigures.Png(plot), "image/png", name);
    }

    /// <summary>The analysis of the builder's download link as the API's tidy CSV (the same rows as <c>format=csv</c>).</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> AnalysisTableAsync(HttpContext http, AnalysisService service, string? request = null)
    {
        var (result, problem) = await AnalyzeAsync(http, service, request);
        return problem ?? (Results<FileContentHttpResult, ProblemHttpResult>)TypedResults.File(
            Encoding.UTF8.GetBytes(AnalysisCsv.From(result!, AnalysesApi.JsonOptions)), "text/csv", "analysis.csv");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult, NotFound>> AnalysisFigureAsync(
        string format, HttpContext http, AnalysisService service, string? request = null)
    {
        if (format is not ("svg" or "png"))
        {
            return TypedResults.NotFound();
        }

        var (result, problem) = await AnalyzeAsync(http, service, request);
        if (problem is not null)
        {
            return problem;
        }

        var plot = AnalysisView.Figure(AnalysisView.From(result!));
        return format == "svg"
            ? TypedResults.File(Encoding.UTF8.GetBytes(OutcomeFigures.Svg(plot)), "image/svg+xml", "analysis-km.svg")
            : TypedResults.File(OutcomeFigures.Png(plot), "image/png", "analysis-km.png");
    }

    /// <summary>Runs the analysis a download link carries, audited with the body's digest as the API's analyses are.</summary>
    private static async Task<(AnalysisResult? Result, ProblemHttpResult? Problem)> AnalyzeAsync(HttpContext http, AnalysisService service, string? request)
    {
        if (AnalysisForm.FromQuery(request) is not { } body)
        {
            return (null, Problems.Validation([new ValidationError("request", "request must be the analysis body, base64url-encoded.")]));
        }

        AuditDetail.Record(http, AnalysisQueries.Digest(body));
        var answer = await service.RunAsync(http.User, body);
        return answer switch
        {
            { Succeeded: true, Value: { } result } => (result, null),
            { Status: 400 } => (null, Problems.Validation(answer.Faults, answer.Detail ?? "The analysis request has faults.")),
            _ => (null, Problems.Status(answer.Status, answer.Title ?? "The analysis failed", answer.Detail ?? "")),
        };
    }

    public static async Task<FileContentHttpResult> AuditCsvAsync(IAuditLog log, string? actor = null, string? siteId = null, string? caseId = null,
        string? action = null, string? outcome = null, long? after = null, int? limit = null)
    {
        var page = await log.QueryAsync(new AuditQuery(Blank(actor), Blank(siteId), Blank(caseId), Blank(action), Blank(outcome), null, null, after,
            Math.Clamp(limit ?? AuditQuery.MaxLimit, 1, AuditQuery.MaxLimit)), CancellationToken.None);
        return TypedResults.File(Encoding.UTF8.GetBytes(AuditCsv.Write(page.Entries)), "text/csv", "audit-trail.csv");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
