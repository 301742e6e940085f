namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>
/// One staged import of a site, keyed by <see cref="RegistryKeys.Import"/>: its phase, preview counts and commit
/// progress, kept in the registry's grain storage (PostgreSQL when durable). The cases and faults themselves are in
/// the <see cref="IImportStagingStore"/>. An import past its expiry is forgotten on its next use.
/// </summary>
[Alias("calcinosis.IImportGrain")]
public interface IImportGrain : IGrainWithStringKey
{
    [Alias("Stage")]
    Task<ImportStatus> StageAsync([Immutable] ImportDraft draft);

    /// <summary>Null when there is no such import (never staged, or expired at <paramref name="now"/>).</summary>
    [Alias("Status")]
    Task<ImportStatus?> GetStatusAsync(DateTimeOffset now);

    /// <summary>
    /// Moves a staged import to committing (refused cases become skipped), or confirms one already committing
    /// (a resumed commit) or committed (nothing left to write). The caller then holds the commit lease, renewed by
    /// each progress report: while another caller holds it, the answer is <see cref="ImportCommitRefusal.CommitRunning"/>.
    /// </summary>
    [Alias("BeginCommit")]
    Task<ImportCommitStart> BeginCommitAsync(bool skipRefused, DateTimeOffset now);

    /// <summary>
    /// Records the commit's outcome counts so far (refused cases' skips included); stored at checkpoints and when
    /// <paramref name="finished"/>, which moves the import to committed.
    /// </summary>
    [Alias("Progress")]
    Task<ImportStatus> RecordProgressAsync([Immutable] ImportCounts outcomes, bool finished, DateTimeOffset now);

    /// <summary>Gives up the commit lease (the commit failed), so the next commit resumes at once.</summary>
    [Alias("ReleaseCommit")]
    Task ReleaseCommitAsync();
}
