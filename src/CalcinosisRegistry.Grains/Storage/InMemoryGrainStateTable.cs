using System.Collections.Concurrent;

namespace CalcinosisRegistry.Grains.Storage;

/// <summary>
/// The rows behind <see cref="InMemoryGrainStorage"/>: one serialised payload and version per (state name, grain).
/// Kept apart from the storage so that several silos of one in-process test cluster can share a table, as silos of a
/// real cluster share a database.
/// </summary>
public sealed class InMemoryGrainStateTable
{
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), StoredGrainState> _rows = new();

    public StoredGrainState? Read(string stateName, GrainId grainId) =>
        _rows.TryGetValue((stateName, grainId), out var row) ? row : null;

    /// <summary>
    /// Replaces the row if its version is still <paramref name="expectedVersion"/> (0: no row yet), as the durable
    /// provider does with its ETag; returns the new version, or null when someone else wrote first.
    /// </summary>
    public long? TryWrite(string stateName, GrainId grainId, long expectedVersion, BinaryData? payload)
    {
        var key = (stateName, grainId);
        while (true)
        {
            if (_rows.TryGetValue(key, out var current))
            {
                if (current.Version != expectedVersion)
                {
                    return null;
                }

                var next = new StoredGrainState(current.Version + 1, payload);
                if (_rows.TryUpdate(key, next, current))
                {
                    return next.Version;
                }
            }
            else
            {
                if (expectedVersion != 0)
                {
                    return null;
                }

                var first = new StoredGrainState(1, payload);
                if (_rows.TryAdd(key, first))
                {
                    return first.Version;
                }
            }
        }
    }
}
