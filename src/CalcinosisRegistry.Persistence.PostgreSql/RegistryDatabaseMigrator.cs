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
/// Each applied migration's checksum (SHA-256 of its text, see <see cref="EmbeddedMigration.Checksum"/>) is recorded
/// (column added by migration 0020; rows applied before it get this build's checksum on its first start), and a
/// database whose recorded checksum or name differs from this build's script is refused before anything is applied.
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
            RefuseChangedHistory(migrations, alreadyApplied);
            WarnAboutUnknown(migrations, alreadyApplied, logger);

            var appliedNow = new List<string>();
            foreach (var migration in migrations.Where(m => !alreadyApplied.ContainsKey(m.Name)))
            {
                logger.LogInformation("Applying database migration {Migration}", migration.Name);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, transaction, migration.Sql, null, ct);
                // Before 0020 the history has no checksum column; such rows are back-filled below, in this same run.
                var recordSql = await HasChecksumColumnAsync(connection, transaction, ct)
                    ? "INSERT INTO registry_schema_migrations (name, checksum) VALUES (@name, @checksum)"
                    : "INSERT INTO registry_schema_migrations (name) VALUES (@name)";
                await using (var record = new NpgsqlCommand(recordSql, connection, transaction))
                {
                    record.Parameters.AddWithValue("name", migration.Name);
                    record.Parameters.AddWithValue("checksum", migration.Checksum);
                    await record.ExecuteNonQueryAsync(ct);
                }

                await transaction.CommitAsync(ct);
                appliedNow.Add(migration.Name);
            }

            // Those applied in this run before 0020 are back-filled too, but only the earlier ones are news.
            var backFilled = (await BackFillChecksumsAsync(connection, migrations, ct)).Except(appliedNow).ToList();
            if (backFilled.Count > 0)
            {
                logger.LogInformation(
                    "Recorded the checksums of {Count} migration(s) applied before checksums were kept: {Migrations}",
                    backFilled.Count, string.Join(", ", backFilled));
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

    /// <summary>The recorded migrations and their checksums (null where none was recorded yet).</summary>
    private static async Task<Dictionary<string, string?>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var sql = await HasChecksumColumnAsync(connection, null, ct)
            ? "SELECT name, checksum FROM registry_schema_migrations"
            : "SELECT name, NULL::text FROM registry_schema_migrations";
        var applied = new Dictionary<string, string?>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            applied[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return applied;
    }

    /// <summary>
    /// Throws, naming every offender, when a recorded migration's checksum differs from this build's text, or when a
    /// migration this build has not applied yet carries the number of a recorded one under another name (a rename).
    /// </summary>
    private static void RefuseChangedHistory(IReadOnlyList<EmbeddedMigration> migrations, Dictionary<string, string?> applied)
    {
        var problems = new List<string>();
        foreach (var migration in migrations)
        {
            if (applied.TryGetValue(migration.Name, out var recorded))
            {
                if (recorded is not null && !string.Equals(recorded, migration.Checksum, StringComparison.Ordinal))
                {
                    problems.Add($"Migration {migration.Name} was applied with checksum {recorded}, but this build's "
                        + $"{migration.Name}.sql has checksum {migration.Checksum}: its text was edited after it was applied.");
                }

                continue;
            }

            var sameNumber = applied.Keys
                .Where(name => !migrations.Any(m => m.Name == name))
                .FirstOrDefault(name => EmbeddedMigration.NumberOf(name) == EmbeddedMigration.NumberOf(migration.Name));
            if (sameNumber is not null)
            {
                problems.Add($"Migration {migration.Name} is not recorded, but {sameNumber} was applied with the same number "
                    + $"and this build has no {sameNumber}.sql: it was renamed after it was applied.");
            }
        }

        if (problems.Count > 0)
        {
            throw new MigrationHistoryMismatchException(problems);
        }
    }

    /// <summary>Recorded migrations this build does not ship: a newer build's, during a rolling upgrade or a rollback.</summary>
    private static void WarnAboutUnknown(IReadOnlyList<EmbeddedMigration> migrations, Dictionary<string, string?> applied, ILogger logger)
    {
        var unknown = applied.Keys.Where(name => !migrations.Any(m => m.Name == name)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            logger.LogWarning(
                "The database records migration(s) this build does not ship, presumably from a newer build: {Migrations}",
                string.Join(", ", unknown));
        }
    }

    /// <summary>Records this build's checksum for every known migration recorded without one; returns their names.</summary>
    private static async Task<IReadOnlyList<string>> BackFillChecksumsAsync(
        NpgsqlConnection connection, IReadOnlyList<EmbeddedMigration> migrations, CancellationToken ct)
    {
        if (!await HasChecksumColumnAsync(connection, null, ct))
        {
            return [];
        }

        await using var command = new NpgsqlCommand(
            """
            UPDATE registry_schema_migrations AS history
               SET checksum = shipped.checksum
              FROM unnest(@names, @checksums) AS shipped(name, checksum)
             WHERE history.name = shipped.name AND history.checksum IS NULL
            RETURNING history.name
            """, connection);
        command.Parameters.AddWithValue("names", migrations.Select(m => m.Name).ToArray());
        command.Parameters.AddWithValue("checksums", migrations.Select(m => m.Checksum).ToArray());
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            names.Add(reader.GetString(0));
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Whether migration 0020 has added the checksum column (the table is found on the search_path, as it was created).</summary>
    private static async Task<bool> HasChecksumColumnAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT EXISTS (SELECT 1 FROM pg_attribute
                            WHERE attrelid = 'registry_schema_migrations'::regclass
                              AND attname = 'checksum' AND NOT attisdropped)
            """, connection, transaction);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
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
