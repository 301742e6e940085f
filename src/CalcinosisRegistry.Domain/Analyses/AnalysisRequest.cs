namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>The body of <c>POST /api/analyses</c>, as read by <see cref="AnalysisRequestReader"/>.</summary>
public sealed record AnalysisRequest(AnalysisFilter Filter, AnalysisComparison Compare)
{
    public static AnalysisRequest Everything { get; } = new(AnalysisFilter.Everything, AnalysisComparison.None);
}
