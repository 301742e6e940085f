using CalcinosisRegistry.Contracts.Bulk;

namespace CalcinosisRegistry.Grains.Bulk;

/// <summary>
/// Holds one staged import and its commit's progress. The writes themselves go through the case grains from the
/// commit endpoint; this grain only keeps order and state, stored at staging, at commit start, at checkpoints and at
/// the end, so an interrupted commit resumes with the cases still pending (a case written after the last checkpoint
/// is re-sent, and the case grain answers an identical re-send as a no-op).
/// </summary>
public sealed class ImportGrain(
    [PersistentState("import", RegistryStorage.Name)] IPersistentState<ImportState> state) : Grain, IImportGrain
{
    /// <summary>
    /// Progress is stored at least every this many cases (and at the end). Each store writes the whole state, so a
    /// short interval costs a large import dearly; a longer one only means more cases re-sent (as no-ops) after a crash.
    /// </summary>
    public const int CheckpointCases = 10_000;

    private Dictionary<string, int>? _index;
    private int _unsaved;

    public async Task<ImportStatus> StageAsync(ImportDraft draft)
    {
        state.State = new ImportState { Draft = draft with { Cases = [] }, Cases = [.. draft.Cases], Phase = ImportPhase.Staged };
        _index = null;
        await state.WriteStateAsync();
        return Status();
    }

    public async Task<ImportStatus?> GetStatusAsync(DateTimeOffset now) => await ExpireAsync(now) ? null : Status();

    public Task<IReadOnlyList<ImportFaultEntry>> GetFaultsAsync(int offset, int limit) =>
        Task.FromResult<IReadOnlyList<ImportFaultEntry>>([.. (state.State.Draft?.Faults ?? []).Skip(offset).Take(limit)]);

    public Task<IReadOnlyList<ImportCase>> GetCasesAsync(int offset, int limit) =>
        Task.FromResult<IReadOnlyList<ImportCase>>([.. state.State.Cases.Skip(offset).Take(limit).Select(c => c with { DocumentJson = null })]);

    public async Task<ImportCommitStart> BeginCommitAsync(bool skipRefused, DateTimeOffset now)
    {
        if (await ExpireAsync(now) || state.State.Draft is null)
        {
            return new ImportCommitStart(ImportCommitRefusal.NotFound, []);
        }

        if (state.State.Phase == ImportPhase.Committed)
        {
            return new ImportCommitStart(null, []);
        }

        var refused = state.State.Cases.Any(c => c.Preview == ImportPreview.Refused);
        if (refused && !skipRefused && state.State.Phase == ImportPhase.Staged)
        {
            return new ImportCommitStart(ImportCommitRefusal.HasRefusedCases, []);
        }

        if (state.State.Phase == ImportPhase.Staged)
        {
            state.State.Phase = ImportPhase.Committing;
            state.State.CommitStartedAt = now;
            for (var i = 0; i < state.State.Cases.Count; i++)
            {
                var item = state.State.Cases[i];
                if (item.Preview == ImportPreview.Refused)
                {
                    state.State.Cases[i] = item with { Outcome = ImportOutcome.Skipped };
                }
            }

            await state.WriteStateAsync();
        }

        return new ImportCommitStart(null, [.. state.State.Cases.Where(c => c.Outcome == ImportOutcome.Pending)]);
    }

    public async Task<ImportStatus> RecordProgressAsync(IReadOnlyList<ImportCase> written, bool finished, DateTimeOffset now)
    {
        _index ??= state.State.Cases.Select((c, i) => (c.CaseId, i)).DistinctBy(e => e.CaseId).ToDictionary(e => e.CaseId, e => e.i, StringComparer.Ordinal);
        foreach (var item in written)
        {
            if (_index.TryGetValue(item.CaseId, out var position))
            {
                // A written case's document is not needed any more: the state shrinks as the commit goes on.
                state.State.Cases[position] = state.State.Cases[position] with { Outcome = item.Outcome, VersionAfter = item.VersionAfter, DocumentJson = null };
            }
        }

        _unsaved += written.Count;
        if (finished && state.State.Cases.All(c => c.Outcome != ImportOutcome.Pending))
        {
            state.State.Phase = ImportPhase.Committed;
            state.State.CommitFinishedAt = now;
        }

        if (finished || _unsaved >= CheckpointCases)
        {
            await state.WriteStateAsync();
            _unsaved = 0;
        }

        return Status();
    }

    private async Task<bool> ExpireAsync(DateTimeOffset now)
    {
        if (state.State.Draft is { } draft && draft.ExpiresAt <= now && state.State.Phase != ImportPhase.Committing)
        {
            await state.ClearStateAsync();
            state.State = new ImportState();
            _index = null;
        }

        return state.State.Draft is null;
    }

    private ImportStatus Status()
    {
        var draft = state.State.Draft!;
        var cases = state.State.Cases;
        int Previewed(ImportPreview preview) => cases.Count(c => c.Preview == preview);
        int Did(ImportOutcome outcome) => cases.Count(c => c.Outcome == outcome);
        return new ImportStatus(
            draft.SiteId,
            draft.Format,
            state.State.Phase,
            draft.CreatedBy,
            draft.CreatedAt,
            draft.ExpiresAt,
            new ImportCounts(New: Previewed(ImportPreview.New), Changed: Previewed(ImportPreview.Changed),
                Unchanged: Previewed(ImportPreview.Unchanged), Refused: Previewed(ImportPreview.Refused)),
            new ImportCounts(Created: Did(ImportOutcome.Created), Replaced: Did(ImportOutcome.Replaced), Unchanged: Did(ImportOutcome.Unchanged),
                ChangedSincePreview: Did(ImportOutcome.ChangedSincePreview), Skipped: Did(ImportOutcome.Skipped), Pending: Did(ImportOutcome.Pending)),
            cases.Count,
            cases.Count(c => c.Outcome != ImportOutcome.Pending),
            draft.Faults.Count,
            state.State.CommitStartedAt,
            state.State.CommitFinishedAt);
    }
}
