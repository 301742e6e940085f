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
/// <remarks>
/// Cases are read from the staging store a batch at a time and written concurrently; the next batch is read, and
/// the previous batch's outcomes stored, while a batch is being written. A commit resumed after a crash recounts
/// the outcomes from the store and re-sends the cases whose outcome was not stored yet (at most two batches), which
/// the case grain answers as an identical re-send.
/// </remarks>
internal static class ImportCommitter
{
    /// <summary>Cases written concurrently, and between two progress reports to the import grain.</summary>
    public const int Batch = 500;

    public static async Task<ImportStatus> CommitAsync(
        IGrainFactory grains, IImportStagingStore store, IImportGrain import, string importKey, string siteId, ImportStatus start,
        CaseWriteAudit stamp, IAuditLog auditLog, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (start.Phase == ImportPhase.Committed)
        {
            return start;
        }

        var currentYear = clock.GetUtcNow().Year;
        var stored = await store.CountOutcomesAsync(importKey, cancellationToken);
        var outcomes = stored with
        {
            Skipped = start.Preview.Refused,
            Pending = start.Total - start.Preview.Refused - (stored.Created + stored.Replaced + stored.Unchanged + stored.ChangedSincePreview),
        };
        var recording = Task.CompletedTask;
        var batch = await store.ReadPendingAsync(importKey, -1, Batch, cancellationToken);
        while (batch.Count > 0)
        {
            var reading = store.ReadPendingAsync(importKey, batch[^1].Ordinal, Batch, cancellationToken);
            // Validation is CPU work: spread over the cores, then the writes go out together.
            var validated = batch.AsParallel().AsOrdered()
                .Select(item => (Item: item, Validation: CaseDocumentValidator.Validate(Encoding.UTF8.GetBytes(item.DocumentJson!), currentYear)))
                .ToList();
            var written = await Task.WhenAll(validated.Select(v => WriteAsync(grains, siteId, v.Item, v.Validation, stamp, auditLog, clock)));
            await recording;
            recording = store.RecordOutcomesAsync(importKey, written, CancellationToken.None);
            outcomes = Tally(outcomes, written);
            await import.RecordProgressAsync(outcomes, finished: false, clock.GetUtcNow());
            batch = await reading;
        }

        await recording;
        return await import.RecordProgressAsync(outcomes, finished: true, clock.GetUtcNow());
    }

    private static ImportCounts Tally(ImportCounts counts, IReadOnlyCollection<ImportCase> written)
    {
        int Count(ImportOutcome outcome) => written.Count(c => c.Outcome == outcome);
        return counts with
        {
            Created = counts.Created + Count(ImportOutcome.Created),
            Replaced = counts.Replaced + Count(ImportOutcome.Replaced),
            Unchanged = counts.Unchanged + Count(ImportOutcome.Unchanged),
            ChangedSincePreview = counts.ChangedSincePreview + Count(ImportOutcome.ChangedSincePreview),
            Pending = counts.Pending - written.Count,
        };
    }

    /// <param name="validation">
    /// The document validated again: it was at staging, and this gives the typed document and its warnings.
    /// </param>
    private static async Task<ImportCase> WriteAsync(
        IGrainFactory grains, string siteId, ImportCase item, CaseValidationResult validation, CaseWriteAudit stamp, IAuditLog auditLog, TimeProvider clock)
    {
        if (!validation.IsValid)
        {
            // Only possible across a year boundary (diagnosisYear checks): reported as a change, nothing is written.
            return item with { Outcome = ImportOutcome.ChangedSincePreview, DocumentJson = null };
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
