using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Grains.Tests.Infrastructure;

/// <summary>
/// The test's own record of which documents should be live in a cluster: the independent side of every exact
/// statistics comparison. Thread-safe, because cohorts are submitted concurrently.
/// </summary>
public sealed class CaseLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string SiteId, string CaseId), CaseDocument> _live = [];

    public void Record(string siteId, CaseDocument document)
    {
        lock (_gate)
        {
            _live[(siteId, document.CaseId)] = document;
        }
    }

    public void Remove(string siteId, string caseId)
    {
        lock (_gate)
        {
            _live.Remove((siteId, caseId));
        }
    }

    public IReadOnlyList<CaseDocument> LiveDocuments()
    {
        lock (_gate)
        {
            return [.. _live.Values];
        }
    }
}
