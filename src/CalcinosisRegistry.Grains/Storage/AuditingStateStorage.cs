using CalcinosisRegistry.Domain.Audit;
using Orleans.Storage;

namespace CalcinosisRegistry.Grains.Storage;

/// <summary>
/// One grain activation's view of its storage: Orleans' state bridge writes through it, and the grain sets
/// <see cref="NextWriteAudit"/> before a write whose audit entry should commit with it.
/// </summary>
/// <remarks>
/// The bridge's write takes no extra argument, so the entry travels here. A grain runs one call at a time, so the
/// field belongs to the write in progress; the grain clears it when that write ends.
/// </remarks>
internal sealed class AuditingStateStorage(IGrainStorage storage) : IGrainStorage
{
    /// <summary>True when the storage commits an entry with the state (PostgreSQL); the in-memory one cannot.</summary>
    public bool AuditsWrites => storage is IAuditedGrainStorage;

    public AuditEvent? NextWriteAudit { get; set; }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        storage.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        NextWriteAudit is { } audit && storage is IAuditedGrainStorage audited
            ? audited.WriteStateAsync(stateName, grainId, grainState, audit)
            : storage.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        storage.ClearStateAsync(stateName, grainId, grainState);
}
