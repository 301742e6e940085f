using System.Text;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Bulk;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>
/// Writes an import's pending cases through their case grains exactly as a PUT would: a new case without If-Match,
/// a changed or unchanged one with the ETag of the version the preview saw, so a case someone changed in between is
/// refused by the grain and reported, never overwritten. Each stored write is audited (with the case state when the
/// storage commits the two together, otherwise appended here before the commit answers).
/// </summary>
internal static class ImportCommitter
{
    /// <summary>Cases written concurrently, and between two progress reports to the import grain.</summary>
    public const int Batch = 500;

    public static async Task<ImportStatus> CommitAsync(
        IGrainFactory grains, IImportGrain import, string siteId, IReadOnlyList<ImportCase> pending, CaseWriteAudit stamp,
        IAuditLog auditLog, TimeProvider clock, int currentYear)
    {
        ImportStatus? status = null;
        if (pending.Count == 0)
        {
            return await import.RecordProgressAsync([], finished: true, clock.GetUtcNow());
        }

        var batches = pending.Chunk(Batch).ToList();
        for (var b = 0; b < batches.Count; b++)
        {
            var written = await Task.WhenAll(batches[b].Select(item => WriteAsync(grains, siteId, item, stamp, auditLog, clock, currentYear)));
            status = await import.RecordProgressAsync(written, finished: b == batches.Count - 1, clock.GetUtcNow());
        }

        return status!;
    }

    private static async Task<ImportCase> WriteAsync(
        IGrainFactory grains, string siteId, ImportCase item, CaseWriteAudit stamp, IAuditLog auditLog, TimeProvider clock, int currentYear)
    {
        // The document was validated at staging; validating it again gives the typed document and its warnings.
        var validation = CaseDocumentValidator.Validate(Encoding.UTF8.GetBytes(item.DocumentJson!), currentYear);
        if (!validation.IsValid)
        {
            // Only possible across a year boundary (diagnosisYear checks): reported as a change, nothing is written.
            return item with { Outcome = ImportOutcome.ChangedSincePreview };
        }

        var ifMatch = item.BaseVersion == 0 ? null : $"\"{item.BaseVersion}\"";
        var result = await grains.GetRegistryGrain<ICaseGrain>(RegistryKeys.Case(siteId, item.CaseId))
            .PutAsync(validation.Document!, validation.Warnings, ifMatch, stamp);
        var outcome = result.Outcome switch
        {
            CaseWriteOutcome.Created => ImportOutcome.Created,
            CaseWriteOutcome.Replaced => ImportOutcome.Replaced,
            CaseWriteOutcome.Unchanged => ImportOutcome.Unchanged,
            _ => ImportOutcome.ChangedSincePreview,
        };
        if (outcome is ImportOutcome.Created or ImportOutcome.Replaced && !result.Audited)
        {
            await auditLog.AppendAsync(
                stamp.ToEvent(clock.GetUtcNow(), siteId, item.CaseId, result.Outcome, result.VersionBefore, result.VersionAfter),
                CancellationToken.None);
        }

        return item with { Outcome = outcome, VersionAfter = result.VersionAfter, DocumentJson = null };
    }
}
