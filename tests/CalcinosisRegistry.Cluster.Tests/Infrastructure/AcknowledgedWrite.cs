namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>A ledger line: a write the registry acknowledged with 2xx, the exact document sent, and what it returned.</summary>
internal sealed record AcknowledgedWrite(
    string SiteId,
    string CaseId,
    string DocumentJson,
    string ETag,
    int Version,
    int Status,
    string Silo,
    TimeSpan At)
{
    public string CaseKey => $"{SiteId}/{CaseId}";
}
