using CalcinosisRegistry.Domain.Analyses;

namespace CalcinosisRegistry.Endpoints.Analyses;

/// <summary>
/// The body of <c>POST /api/analyses</c>, for clients and the OpenAPI document (the handler reads it strictly with
/// <see cref="AnalysisRequestReader"/>); every member is optional.
/// </summary>
public sealed record AnalysisRequestShape(AnalysisFilter? Filter, AnalysisComparison? Compare);
