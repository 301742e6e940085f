using CalcinosisRegistry.Contracts.Bulk;
using Microsoft.Extensions.DependencyInjection;

namespace CalcinosisRegistry.Bulk.Tests.Infrastructure;

/// <summary>
/// The host's own staging store, with the first commit held at its first read of pending cases until the test
/// releases it: a commit caught mid-way, deterministically.
/// </summary>
public sealed class GatedStagingStore(IImportStagingStore inner) : IImportStagingStore
{
    private int _held;

    /// <summary>Completed when the first commit has reached the gate.</summary>
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Replaces the registered store with itself wrapped around it.</summary>
    public static void Install(IServiceCollection services)
    {
        var registered = services.Single(descriptor => descriptor.ServiceType == typeof(IImportStagingStore));
        services.Remove(registered);
        services.AddSingleton(provider => new GatedStagingStore((IImportStagingStore)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!)));
        services.AddSingleton<IImportStagingStore>(provider => provider.GetRequiredService<GatedStagingStore>());
    }

    public async Task<IReadOnlyList<ImportCase>> ReadPendingAsync(string importKey, int afterOrdinal, int limit, CancellationToken cancellationToken)
    {
        if (afterOrdinal < 0 && Interlocked.Exchange(ref _held, 1) == 0)
        {
            Reached.SetResult();
            await Release.Task;
        }

        return await inner.ReadPendingAsync(importKey, afterOrdinal, limit, cancellationToken);
    }

    public Task CreateAsync(string importKey, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.CreateAsync(importKey, expiresAt, now, cancellationToken);

    public Task AppendAsync(string importKey, IReadOnlyList<ImportCase> cases, int firstFault, IReadOnlyList<ImportFaultEntry> faults, CancellationToken cancellationToken) =>
        inner.AppendAsync(importKey, cases, firstFault, faults, cancellationToken);

    public Task<IReadOnlyList<ImportCase>> ReadCasesAsync(string importKey, int offset, int limit, CancellationToken cancellationToken) =>
        inner.ReadCasesAsync(importKey, offset, limit, cancellationToken);

    public Task<IReadOnlyList<ImportFaultEntry>> ReadFaultsAsync(string importKey, int offset, int limit, CancellationToken cancellationToken) =>
        inner.ReadFaultsAsync(importKey, offset, limit, cancellationToken);

    public Task RecordOutcomesAsync(string importKey, IReadOnlyList<ImportCase> written, CancellationToken cancellationToken) =>
        inner.RecordOutcomesAsync(importKey, written, cancellationToken);

    public Task<ImportCounts> CountOutcomesAsync(string importKey, CancellationToken cancellationToken) =>
        inner.CountOutcomesAsync(importKey, cancellationToken);

    public Task DeleteAsync(string importKey, CancellationToken cancellationToken) => inner.DeleteAsync(importKey, cancellationToken);
}
