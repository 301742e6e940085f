using CalcinosisRegistry.Contracts.Bulk;

namespace CalcinosisRegistry.Grains.Bulk;

/// <summary>
/// Keeps one staged import's phase, preview counts and commit progress. The cases and faults are staged in the
/// <see cref="IImportStagingStore"/> and written through the case grains by the commit endpoint; this grain's state
/// is a few counts, stored at staging, when the commit starts, at checkpoints and at the end.
/// </summary>
public sealed class ImportGrain(
    [PersistentState("import", RegistryStorage.Name)] IPersistentState<ImportState> state) : Grain, IImportGrain
{
    /// <summary>
    /// Progress is stored at least every this many cases (and at the end). A resumed commit recounts the outcomes
    /// from the staging store, so this only bounds how stale a status read after a crash can be.
    /// </summary>
    public const int CheckpointCases = 5_000;

    private int _processedAtCheckpoint;

    // Held in the activation only: if this grain's silo dies, so does any lease, and the next commit resumes at once.
    private DateTimeOffset? _commitLeaseUntil;

    public async Task<ImportStatus> StageAsync(ImportDraft draft)
    {
        state.State = new ImportState { Draft = draft, Phase = ImportPhase.Staged };
        await state.WriteStateAsync();
        return Status();
    }

    public async Task<ImportStatus?> GetStatusAsync(DateTimeOffset now) => await ExpireAsync(now) ? null : Status();

    public async Task<ImportCommitStart> BeginCommitAsync(bool skipRefused, DateTimeOffset now)
    {
        if (await ExpireAsync(now) || state.State.Draft is not { } draft)
        {
            return new ImportCommitStart(ImportCommitRefusal.NotFound, null);
        }

        if (state.State.Phase == ImportPhase.Committing && _commitLeaseUntil > now)
        {
            return new ImportCommitStart(ImportCommitRefusal.CommitRunning, Status());
        }

        if (state.State.Phase == ImportPhase.Staged)
        {
            if (draft.Preview.Refused > 0 && !skipRefused)
            {
                return new ImportCommitStart(ImportCommitRefusal.HasRefusedCases, null);
            }

            state.State.Phase = ImportPhase.Committing;
            state.State.CommitStartedAt = now;
            state.State.Outcomes = new ImportCounts(Skipped: draft.Preview.Refused, Pending: draft.Total - draft.Preview.Refused);
            await state.WriteStateAsync();
        }

        _commitLeaseUntil = state.State.Phase == ImportPhase.Committing ? now + ImportCommitStart.Lease : null;
        return new ImportCommitStart(null, Status());
    }

    public async Task<ImportStatus> RecordProgressAsync(ImportCounts outcomes, bool finished, DateTimeOffset now)
    {
        if (state.State.Phase != ImportPhase.Committing)
        {
            return Status();
        }

        state.State.Outcomes = outcomes;
        _commitLeaseUntil = finished ? null : now + ImportCommitStart.Lease;
        if (finished)
        {
            state.State.Phase = ImportPhase.Committed;
            state.State.CommitFinishedAt = now;
        }

        var processed = Processed();
        if (finished || processed - _processedAtCheckpoint >= CheckpointCases)
        {
            await state.WriteStateAsync();
            _processedAtCheckpoint = processed;
        }

        return Status();
    }

    public Task ReleaseCommitAsync()
    {
        _commitLeaseUntil = null;
        return Task.CompletedTask;
    }

    private async Task<bool> ExpireAsync(DateTimeOffset now)
    {
        if (state.State.Draft is { } draft && draft.ExpiresAt <= now && state.State.Phase != ImportPhase.Committing)
        {
            await state.ClearStateAsync();
            state.State = new ImportState();
        }

        return state.State.Draft is null;
    }

    private int Processed() => state.State.Draft!.Total - state.State.Outcomes.Pending;

    private ImportStatus Status()
    {
        var draft = state.State.Draft!;
        var outcomes = state.State.Phase == ImportPhase.Staged ? new ImportCounts(Pending: draft.Total) : state.State.Outcomes;
        return new ImportStatus(
            draft.SiteId,
            draft.Format,
            state.State.Phase,
            draft.CreatedBy,
            draft.CreatedAt,
            draft.ExpiresAt,
            draft.Preview,
            outcomes,
            draft.Total,
            draft.Total - outcomes.Pending,
            draft.Faults,
            state.State.CommitStartedAt,
            state.State.CommitFinishedAt);
    }
}
