namespace CalcinosisRegistry.Contracts.Bulk;

/// <summary>
/// Where a staged import's cases (with their validated documents) and faults are kept until it is committed or
/// expires, one row per case, keyed by the import's key (<see cref="RegistryKeys.Import"/>) and the case's ordinal.
/// Holding them here rather than in the import grain's state keeps memory bounded whatever the upload's size:
/// PostgreSQL when durable, a scratch-file spool embedded.
/// </summary>
/// <remarks>
/// Every method completes only once its change is stored; a fault surfaces as an exception (never swallowed).
/// Recording an outcome twice (a commit resumed after a crash re-sends cases written after its last record) is
/// harmless: the later record wins.
/// </remarks>
public interface IImportStagingStore
{
    /// <summary>Opens an import's staging; imports whose expiry has passed at <paramref name="now"/> are purged.</summary>
    Task CreateAsync(string importKey, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Appends cases (each with its ordinal) and faults (numbered from <paramref name="firstFault"/>).</summary>
    Task AppendAsync(string importKey, IReadOnlyList<ImportCase> cases, int firstFault, IReadOnlyList<ImportFaultEntry> faults, CancellationToken cancellationToken);

    /// <summary>Cases from ordinal <paramref name="offset"/> in upload order, without their documents.</summary>
    Task<IReadOnlyList<ImportCase>> ReadCasesAsync(string importKey, int offset, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<ImportFaultEntry>> ReadFaultsAsync(string importKey, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> valid cases not yet written, after ordinal <paramref name="afterOrdinal"/>, in
    /// upload order, with their documents.
    /// </summary>
    Task<IReadOnlyList<ImportCase>> ReadPendingAsync(string importKey, int afterOrdinal, int limit, CancellationToken cancellationToken);

    /// <summary>Stores what the commit did with these cases (by ordinal); their documents are dropped.</summary>
    Task RecordOutcomesAsync(string importKey, IReadOnlyList<ImportCase> written, CancellationToken cancellationToken);

    /// <summary>How many cases have each outcome (refused cases count as pending here), to resume a commit's counts.</summary>
    Task<ImportCounts> CountOutcomesAsync(string importKey, CancellationToken cancellationToken);

    Task DeleteAsync(string importKey, CancellationToken cancellationToken);
}
