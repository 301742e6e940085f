namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>What one writer knows of one of its cases: the latest acknowledged ETag and version (none yet: create).</summary>
internal sealed class CaseCursor(string siteId, string caseId)
{
    public string SiteId { get; } = siteId;

    public string CaseId { get; } = caseId;

    public string? ETag { get; set; }

    public int Version { get; set; }
}
