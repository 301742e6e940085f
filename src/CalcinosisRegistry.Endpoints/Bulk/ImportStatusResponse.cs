using CalcinosisRegistry.Contracts.Bulk;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>
/// <c>GET /api/sites/{siteId}/imports/{importId}</c>: the import's phase, its preview, the commit's progress (with
/// its rate in cases per second) and outcomes, and one page (<c>offset</c>, <c>limit</c>) of its faults and cases.
/// </summary>
public sealed record ImportStatusResponse(
    string ImportId,
    string SiteId,
    string Format,
    ImportPhase Phase,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    int Total,
    int Processed,
    double? CasesPerSecond,
    ImportPreviewCounts Preview,
    ImportOutcomeCounts Outcomes,
    int FaultCount,
    int Offset,
    IReadOnlyList<ImportFaultEntry> Faults,
    IReadOnlyList<ImportCaseView> Cases)
{
    /// <summary>The status with a page of faults and cases read from the staging store.</summary>
    public static async Task<ImportStatusResponse> ReadAsync(
        IImportStagingStore staging, string importId, string importKey, ImportStatus status, DateTimeOffset now, int offset, int limit,
        CancellationToken cancellationToken)
    {
        var faults = await staging.ReadFaultsAsync(importKey, offset, limit, cancellationToken);
        var cases = await staging.ReadCasesAsync(importKey, offset, limit, cancellationToken);
        // A refused case is skipped once the commit has started (with skipRefused=true); the store keeps it pending.
        var skipped = status.Phase != ImportPhase.Staged;
        double? rate = status.CommitStartedAt is { } started && status.Processed > 0
            ? status.Processed / Math.Max(0.001, ((status.CommitFinishedAt ?? now) - started).TotalSeconds)
            : null;
        return new ImportStatusResponse(
            importId, status.SiteId, status.Format, status.Phase, status.CreatedBy, status.CreatedAt, status.ExpiresAt,
            status.Total, status.Processed, rate,
            new ImportPreviewCounts(status.Preview.New, status.Preview.Changed, status.Preview.Unchanged, status.Preview.Refused),
            new ImportOutcomeCounts(status.Outcomes.Created, status.Outcomes.Replaced, status.Outcomes.Unchanged,
                status.Outcomes.ChangedSincePreview, status.Outcomes.Skipped, status.Outcomes.Pending),
            status.Faults, offset, faults,
            [.. cases.Select(c => new ImportCaseView(c.CaseId, c.Preview, c.ChangedFields, c.BaseVersion,
                skipped && c.Preview == ImportPreview.Refused ? ImportOutcome.Skipped : c.Outcome, c.VersionAfter))]);
    }
}
