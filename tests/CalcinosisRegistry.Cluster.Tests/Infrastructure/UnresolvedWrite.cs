namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>A write that never got a 2xx before its retry deadline: it may or may not be stored.</summary>
internal sealed record UnresolvedWrite(string SiteId, string CaseId, string DocumentJson, string? IfMatch, TimeSpan GaveUpAt, string LastAttempt)
{
    public string CaseKey => $"{SiteId}/{CaseId}";
}
