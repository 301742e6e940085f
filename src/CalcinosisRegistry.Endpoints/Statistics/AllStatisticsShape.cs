using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Endpoints.Statistics;

/// <summary>The shape of <c>GET /api/statistics</c>, for the OpenAPI document (the handler writes it directly).</summary>
public sealed record AllStatisticsShape(int CasesIncluded, DateTimeOffset ComputedAt, IReadOnlyList<TypeStatistics> Types, TypeStatistics AllTypes);
