using Npgsql;

namespace CalcinosisRegistry.Persistence.PostgreSql.Audit;

/// <summary>
/// Called by the audit writer at each <see cref="AuditWriteStep"/> with the connection of the open transaction. Only
/// tests pass one (to terminate that connection's backend between two statements); production passes none.
/// </summary>
internal delegate Task AuditWriteStepHook(AuditWriteStep step, NpgsqlConnection connection);
