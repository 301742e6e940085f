namespace CalcinosisRegistry.Security.Tests.Matrix;

/// <summary>A prepared request of the matrix, and the site and case its audit entry must name.</summary>
public sealed record MatrixAttempt(HttpRequestMessage Request, string? SiteId, string? CaseId);
