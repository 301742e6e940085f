using System.Collections.Concurrent;
using CalcinosisRegistry.Contracts.Bulk;
using Microsoft.Extensions.Configuration;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>
/// The embedded registry's staging store: each import in an <see cref="ImportSpool"/> of scratch files, kept for the
/// life of the process (as the embedded registry's grain state is). Durable hosts register the PostgreSQL store.
/// </summary>
internal sealed class SpooledImportStagingStore(IConfiguration configuration) : IImportStagingStore, IDisposable
{
    private readonly string _scratchDirectory = BulkSettings.From(configuration).ScratchDirectory;

    private readonly ConcurrentDictionary<string, ImportSpool> _spools = new(StringComparer.Ordinal);

    public Task CreateAsync(string importKey, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var (key, spool) in _spools)
        {
            if (spool.ExpiresAt <= now && _spools.TryRemove(key, out _))
            {
                spool.Dispose();
            }
        }

        if (!_spools.TryAdd(importKey, new ImportSpool(expiresAt, _scratchDirectory)))
        {
            throw new InvalidOperationException($"Import {importKey} is already staged.");
        }

        return Task.CompletedTask;
    }

    public Task AppendAsync(string importKey, IReadOnlyList<ImportCase> cases, int firstFault, IReadOnlyList<ImportFaultEntry> faults, CancellationToken cancellationToken) =>
        Spool(importKey)?.AppendAsync(cases, firstFault, faults, cancellationToken)
        ?? throw new InvalidOperationException($"Import {importKey} is not being staged.");

    public Task<IReadOnlyList<ImportCase>> ReadCasesAsync(string importKey, int offset, int limit, CancellationToken cancellationToken) =>
        Spool(importKey)?.ReadCasesAsync(offset, limit, cancellationToken) ?? Task.FromResult<IReadOnlyList<ImportCase>>([]);

    public Task<IReadOnlyList<ImportFaultEntry>> ReadFaultsAsync(string importKey, int offset, int limit, CancellationToken cancellationToken) =>
        Spool(importKey)?.ReadFaultsAsync(offset, limit, cancellationToken) ?? Task.FromResult<IReadOnlyList<ImportFaultEntry>>([]);

    public Task<IReadOnlyList<ImportCase>> ReadPendingAsync(string importKey, int afterOrdinal, int limit, CancellationToken cancellationToken) =>
        Spool(importKey)?.ReadPendingAsync(afterOrdinal, limit, cancellationToken) ?? Task.FromResult<IReadOnlyList<ImportCase>>([]);

    public Task RecordOutcomesAsync(string importKey, IReadOnlyList<ImportCase> written, CancellationToken cancellationToken)
    {
        Spool(importKey)?.RecordOutcomes(written);
        return Task.CompletedTask;
    }

    public Task<ImportCounts> CountOutcomesAsync(string importKey, CancellationToken cancellationToken) =>
        Task.FromResult(Spool(importKey)?.CountOutcomes() ?? new ImportCounts());

    public Task DeleteAsync(string importKey, CancellationToken cancellationToken)
    {
        if (_spools.TryRemove(importKey, out var spool))
        {
            spool.Dispose();
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var spool in _spools.Values)
        {
            spool.Dispose();
        }

        _spools.Clear();
    }

    private ImportSpool? Spool(string importKey) => _spools.TryGetValue(importKey, out var spool) ? spool : null;
}
