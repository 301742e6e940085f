using System.Globalization;
using Orleans.Storage;

namespace CalcinosisRegistry.Grains.Storage;

/// <summary>
/// Grain storage for the embedded default and the unit tests, kept in process memory. Orleans' own memory provider
/// stores every state through a storage grain (a grain call and a copy per read and per write); this one is a
/// dictionary update, which matters because every case write stores state. It keeps the durable provider's
/// semantics: states are serialised with the same storage serializer (so the stored format is exercised), and a
/// write with a stale ETag fails with <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class InMemoryGrainStorage(InMemoryGrainStateTable table, IGrainStorageSerializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var row = table.Read(stateName, grainId);
        grainState.State = row?.Payload is { } payload ? serializer.Deserialize<T>(payload) : Activator.CreateInstance<T>();
        grainState.ETag = row is null ? null : ETagOf(row.Version);
        grainState.RecordExists = row?.Payload is not null;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Store(stateName, grainId, grainState, serializer.Serialize(grainState.State));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Store(stateName, grainId, grainState, payload: null);

    private Task Store<T>(string stateName, GrainId grainId, IGrainState<T> grainState, BinaryData? payload)
    {
        var expected = grainState.ETag is null ? 0 : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var version = table.TryWrite(stateName, grainId, expected, payload)
            ?? throw new InconsistentStateException(
                $"The stored version of {stateName} for {grainId} is not {grainState.ETag ?? "absent"}: it was written elsewhere.",
                storedEtag: table.Read(stateName, grainId)?.Version.ToString(CultureInfo.InvariantCulture),
                currentEtag: grainState.ETag);
        grainState.ETag = ETagOf(version);
        grainState.RecordExists = payload is not null;
        if (payload is null)
        {
            grainState.State = Activator.CreateInstance<T>();
        }

        return Task.CompletedTask;
    }

    private static string ETagOf(long version) => version.ToString(CultureInfo.InvariantCulture);
}
