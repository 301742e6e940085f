namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>
/// One staged import of a site, keyed by <see cref="RegistryKeys.Import"/>: its validated cases, faults and commit
/// progress, kept in the registry's grain storage (PostgreSQL when durable), so a commit interrupted by a crash is
/// resumed where its last checkpoint left it. An import past its expiry is forgotten on its next use.
/// </summary>
[Alias("calcinosis.IImportGrain")]
public interface IImportGrain : IGrainWithStringKey
{
    [Alias("Stage")]
    Task<ImportStatus> StageAsync([Immutable] ImportDraft draft);

    /// <summary>Null when there is no such import (never staged, or expired at <paramref name="now"/>).</summary>
    [Alias("Status")]
    Task<ImportStatus?> GetStatusAsync(DateTimeOffset now);

    [Alias("Faults")]
    Task<IReadOnlyList<ImportFaultEntry>> GetFaultsAsync(int offset, int limit);

    /// <summary>The cases in upload order, with their preview and outcome (documents left out).</summary>
    [Alias("Cases")]
    Task<IReadOnlyList<ImportCase>> GetCasesAsync(int offset, int limit);

    [Alias("BeginCommit")]
    Task<ImportCommitStart> BeginCommitAsync(bool skipRefused, DateTimeOffset now);

    /// <summary>Records what the commit did with some cases; stored at checkpoints and when <paramref name="finished"/>.</summary>
    [Alias("Progress")]
    Task<ImportStatus> RecordProgressAsync([Immutable] IReadOnlyList<ImportCase> written, bool finished, DateTimeOffset now);
}
