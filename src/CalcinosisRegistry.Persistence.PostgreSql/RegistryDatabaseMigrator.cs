using Microsoft.Extensions.Logging;
using Npgsql;

namespace CalcinosisRegistry.Persistence.PostgreSql;

/// <summary>
/// Brings a PostgreSQL database up to the schema the registry's Orleans providers need.
/// </summary>
/// <remarks>
/// Every silo calls this at start-up, possibly at the same moment, so the whole run holds a
/// session-level advisory lock: the second caller waits, then finds everything applied and does nothing.
/// Each script runs in its own transaction together with its row in <c>registry_schema_migrations</c>,
/// so a failing script leaves neither half-applied DDL nor a false record behind.
/// Objects are created unqualified, i.e. in the first schema of the connection's search_path (normally public),
/// which is also where the Orleans providers look for <c>orleansquery</c>.
/// </remarks>
public static class RegistryDatabaseMigrator
{
    /// <summary>
    /// Arbitrary but fixed advisory-lock key ("CalcReg1" in ASCII). Advisory locks are per database,
    /// so this only serialises migrators of the same database.
    /// </summary>
    private const long MigrationLockKey = 0x43616C6352656731;

    private const string CreateHistoryTableSql = """
        CREATE TABLE IF NOT EXISTS registry_schema_migrations
        (
            name       text        NOT NULL PRIMARY KEY,
            applied_on timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>Applies every embedded migration that the database has not recorded yet.</summary>
    /// <returns>The names of the migrations applied by this call, in order; empty when already up to date.</returns>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, ILogger logger, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(logger);

        var migrations = EmbeddedMigration.LoadAll();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);

        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(@key)", MigrationLockKey, ct);
        try
        {
            await ExecuteAsync(connection, null, CreateHistoryTableSql, null, ct);
            var alreadyApplied = await ReadAppliedAsync(connection, ct);

            var appliedNow = new List<string>();
            foreach (var migration in migrations.Where(m => !alreadyApplied.Contains(m.Name)))
            {
                logger.LogInformation("Applying database migration {Migration}", migration.Name);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, transaction, migration.Sql, null, ct);
                await using (var record = new NpgsqlCommand("INSERT INTO registry_schema_migrations (name) VALUES (@name)", connection, transaction))
                {
                    record.Parameters.AddWithValue("name", migration.Name);
                    await record.ExecuteNonQueryAsync(ct);
                }

                await transaction.CommitAsync(ct);
                appliedNow.Add(migration.Name);
            }

            if (appliedNow.Count == 0)
            {
                logger.LogInformation("Database schema is up to date ({Count} migrations)", migrations.Count);
            }

            return appliedNow;
        }
        finally
        {
            // Released explicitly, and with CancellationToken.None, because a pooled connection may
            // otherwise keep the lock alive and block every other silo's start-up.
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(@key)", MigrationLockKey, CancellationToken.None);
        }
    }

    private static async Task<HashSet<string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT name FROM registry_schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, long? lockKey, CancellationToken ct)
    {
        // No per-command timeout: waiting for another silo's migration and running DDL may legitimately
        // exceed the short Command Timeout tuned for grain traffic. The caller's token bounds the wait.
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        if (lockKey is { } key)
        {
            command.Parameters.AddWithValue("key", key);
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
