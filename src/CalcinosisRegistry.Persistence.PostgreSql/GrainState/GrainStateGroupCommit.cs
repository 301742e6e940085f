using Npgsql;

namespace CalcinosisRegistry.Persistence.PostgreSql.GrainState;

/// <summary>
/// Group commit of grain state rows across every grain of a silo: writes that arrive while a round trip is in flight
/// share the next one, a single statement (<see cref="GrainStateSql.WriteMany"/>). Under load the database then sees
/// one statement for many case writes instead of one each, which is what a write costs it most on this hardware
/// (the round trip, not the row).
/// </summary>
/// <remarks>
/// A caller's task completes only when the statement carrying its row has committed (so an acknowledged write is
/// durable), and fails with that statement's exception. One round trip at a time per silo: the next batch forms
/// while the current one is in flight.
/// </remarks>
internal sealed class GrainStateGroupCommit
{
    private readonly string _connectionString;
    private readonly string _serviceId;
    private readonly GroupCommitLoop<List<PendingGrainStateWrite>> _loop;
    private List<PendingGrainStateWrite> _next = [];

    public GrainStateGroupCommit(string connectionString, string serviceId)
    {
        _connectionString = connectionString;
        _serviceId = serviceId;
        _loop = new GroupCommitLoop<List<PendingGrainStateWrite>>(TakeNext, StoreAsync, FailIfNotStored, "grain-state", batch => batch.Count);
    }

    /// <summary>Completes with the row's new version, or null when the row refused the write (a version conflict).</summary>
    public Task<int?> WriteAsync(PendingGrainStateWrite write) =>
        _loop.Enqueue(() =>
        {
            _next.Add(write);
            return write.Outcome;
        });

    /// <summary>The loop's completion: a stored batch was already answered row by row (<see cref="StoreAsync"/>).</summary>
    private static void FailIfNotStored(List<PendingGrainStateWrite> batch, Exception? failure)
    {
        if (failure is not null)
        {
            foreach (var write in batch)
            {
                write.Failed(failure);
            }
        }
    }

    /// <summary>
    /// The queued writes, at most one per row: the statement answers per row, so two writes of one row in it could
    /// not both learn their own outcome. A second write of a row waits for the next round trip, where it meets the
    /// first one's result like any later write (a grain never has two writes in flight; two callers of the storage
    /// might).
    /// </summary>
    private List<PendingGrainStateWrite>? TakeNext()
    {
        if (_next.Count == 0)
        {
            return null;
        }

        var rows = new HashSet<(string, string)>();
        var batch = new List<PendingGrainStateWrite>(_next.Count);
        var later = new List<PendingGrainStateWrite>();
        foreach (var write in _next)
        {
            (rows.Add((write.StateName, write.GrainKey)) ? batch : later).Add(write);
        }

        _next = later;
        return batch;
    }

    /// <summary>One round trip for the batch; each write learns its row's new version, or null when its row refused it.</summary>
    private async Task StoreAsync(List<PendingGrainStateWrite> batch)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(GrainStateSql.WriteMany, connection);
        GrainStateSql.AddWrites(command.Parameters, _serviceId, batch);

        Dictionary<(string, string), int> stored;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            stored = await GrainStateSql.ReadStoredVersionsAsync(reader);
        }

        foreach (var write in batch)
        {
            write.Stored(GrainStateSql.VersionOf(stored, write));
        }
    }
}
