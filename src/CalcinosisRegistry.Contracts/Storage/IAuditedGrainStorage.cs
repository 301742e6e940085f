using CalcinosisRegistry.Domain.Audit;
using Orleans.Storage;

namespace CalcinosisRegistry.Contracts.Storage;

/// <summary>
/// A grain storage that can commit a state write together with the audit entry recording it: when the write
/// succeeds the entry is committed too, and when the write is refused (<see cref="InconsistentStateException"/>) the
/// entry is not written. A write whose outcome is unknown (a fault) may leave both or neither.
/// </summary>
/// <remarks>
/// Why: a case write used to wait for two commits in series, its state's and then its audit entry's, each a round
/// trip and a WAL flush. In one transaction the answer waits for one.
/// </remarks>
public interface IAuditedGrainStorage : IGrainStorage
{
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, AuditEvent audit);
}
