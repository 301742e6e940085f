using Npgsql;

namespace CalcinosisRegistry.Persistence.PostgreSql.Commit;

/// <summary>
/// Called by the writer at each <see cref="CommitStep"/> with the connection of the open transaction. Only tests pass
/// one (to terminate that connection's backend between two statements); production passes none.
/// </summary>
internal delegate Task CommitStepHook(CommitStep step, NpgsqlConnection connection);
