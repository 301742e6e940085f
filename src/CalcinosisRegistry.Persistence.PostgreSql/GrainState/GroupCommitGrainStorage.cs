using System.Globalization;
using System.Text;
using CalcinosisRegistry.Contracts.Storage;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.Commit;
using Orleans.Runtime;
using Orleans.Storage;

namespace CalcinosisRegistry.Persistence.PostgreSql.GrainState;

/// <summary>
/// The registry's grain storage on PostgreSQL: Orleans' ADO.NET provider for everything, except that writes of the
/// states named in <c>groupCommittedStates</c> (the case state, written once per case write) go to the process's one
/// group-commit writer (<see cref="GroupCommitWriter"/>), with their audit entry when the caller gives one
/// (<see cref="IAuditedGrainStorage"/>): the row and the entry commit in one transaction, shared with other writes.
/// Those rows are the provider's own rows, identical in every column (identity, hashes, payload, version), so the
/// provider reads them back, and clears and writes them later, as if it had written them; the write follows the
/// provider's query contract (first write refused if a row exists, update only at the read version,
/// <see cref="InconsistentStateException"/> otherwise).
/// </summary>
internal sealed class GroupCommitGrainStorage(
    IGrainStorage provider,
    GroupCommitWriter writer,
    IGrainStorageSerializer serializer,
    IStorageHasherPicker hasherPicker,
    string serviceId,
    string storageName,
    IReadOnlySet<string> groupCommittedStates) : IAuditedGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        provider.ReadStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        provider.ClearStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = grainId.Key.ToString();
        return IsGroupCommitted(stateName, key)
            ? WriteGroupCommittedAsync(stateName, grainId, key, grainState, audit: null)
            : provider.WriteStateAsync(stateName, grainId, grainState);
    }

    /// <summary>
    /// Only the rows this storage writes itself (the group-committed states) can commit with an entry; the case state,
    /// the one state written with an audit entry, is one of them.
    /// </summary>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, AuditEvent audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var key = grainId.Key.ToString();
        return IsGroupCommitted(stateName, key)
            ? WriteGroupCommittedAsync(stateName, grainId, key, grainState, audit)
            : throw new NotSupportedException($"State '{stateName}' of {grainId} is not group-committed, so it cannot commit with an audit entry.");
    }

    private bool IsGroupCommitted(string stateName, string key) => groupCommittedStates.Contains(stateName) && IsStoredAsStringKey(key);

    private async Task WriteGroupCommittedAsync<T>(string stateName, GrainId grainId, string key, IGrainState<T> grainState, AuditEvent? audit)
    {
        var expectedVersion = string.IsNullOrWhiteSpace(grainState.ETag)
            ? (int?)null
            : int.Parse(grainState.ETag, NumberStyles.Integer, CultureInfo.InvariantCulture);
        var hasher = hasherPicker.PickHasher(serviceId, storageName, stateName, grainId, grainState)
            ?? throw new InvalidOperationException($"The storage hasher picker chose no hasher for {stateName}.");

        // The provider hashes a string key's UTF-8 bytes reversed, and the state name's bytes as they are.
        var keyBytes = Encoding.UTF8.GetBytes(key);
        System.Array.Reverse(keyBytes);
        var write = new PendingGrainStateWrite(
            stateName,
            key,
            expectedVersion,
            serializer.Serialize(grainState.State)!.ToArray(),
            hasher.Hash(keyBytes),
            hasher.Hash(Encoding.UTF8.GetBytes(stateName)));

        if (await writer.WriteStateAsync(serviceId, write, audit) is not { } newVersion)
        {
            throw new InconsistentStateException(
                $"Version conflict (WriteState): ServiceId={serviceId} ProviderName={storageName} StateName={stateName} GrainId={grainId} ETag={grainState.ETag}.",
                storedEtag: null!,
                currentEtag: grainState.ETag!);
        }

        grainState.ETag = newVersion.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <summary>
    /// True when the provider stores <paramref name="key"/> whole as the extension string with n0 = n1 = 0: it reads a
    /// key as a Guid or an integer only when its first part is hexadecimal, and the registry's keys start with a
    /// word and a colon (<c>case:…</c>), which never is. Any other key goes through the provider itself.
    /// </summary>
    private static bool IsStoredAsStringKey(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var plus = key.IndexOf('+', StringComparison.Ordinal);
        return colon > 0 && (plus < 0 || colon < plus);
    }
}
