using System.Security.Cryptography;
using System.Text;
using CalcinosisRegistry.Persistence.PostgreSql;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CalcinosisRegistry.PostgreSql.Tests.Migrations;

/// <summary>
/// The migration history records what was applied, and a build whose released migration differs from it refuses to
/// migrate. The expected checksums come from <c>sha256sum</c> over the released scripts
/// (Migrations/released-migrations.sha256), not from the migrator.
/// </summary>
public sealed class MigrationChecksumTests
{
    /// <summary>What the previous release (196bd67) shipped and recorded by name only.</summary>
    private static readonly string[] PreviousReleaseMigrations =
        ["0001_orleans_query_table", "0002_grain_storage", "0003_clustering", "0004_reminders", "0005_audit_log",
         "0006_registry_index", "0007_publication_backlog", "0008_retire_publication_outbox",
         "0009_grain_state_lookup_by_one_key", "0010_publication_backlog_upkeep",
         "0011_publication_backlog_settled_by_sweeper", "0012_publication_backlog_settled_in_one_statement"];

    [Fact]
    public async Task Each_applied_migration_records_the_sha256_of_its_released_text()
    {
        var database = await PostgreSqlServer.CreateDatabaseAsync("checksum");
        try
        {
            await RegistryDatabaseMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None);

            var recorded = await RecordedChecksumsAsync(database);
            foreach (var (name, released) in ReleasedChecksums())
            {
                Assert.True(recorded.TryGetValue(name, out var checksum), $"{name} is not recorded as applied");
                Assert.Equal(released, checksum);
            }

            Assert.DoesNotContain(recorded, row => row.Value is null);
        }
        finally
        {
            await PostgreSqlServer.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_database_migrated_by_the_previous_release_gets_its_checksums_recorded_on_first_start()
    {
        var database = await PostgreSqlServer.CreateDatabaseAsync("checksum_backfill");
        try
        {
            await MigrateAsThePreviousReleaseDidAsync(database);
            Assert.Equal(PreviousReleaseMigrations.Length, await SqlProbe.CountAsync(database, "SELECT count(*) FROM registry_schema_migrations"));

            var applied = await RegistryDatabaseMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None);

            Assert.Contains("0020_migration_checksums", applied);
            Assert.DoesNotContain(applied, PreviousReleaseMigrations.Contains);
            var recorded = await RecordedChecksumsAsync(database);
            var released = ReleasedChecksums();
            foreach (var name in PreviousReleaseMigrations)
            {
                Assert.Equal(released[name], recorded[name]);
            }

            Assert.DoesNotContain(recorded, row => row.Value is null);

            // The next start finds everything recorded and changes nothing.
            Assert.Empty(await RegistryDatabaseMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None));
            Assert.Equal(recorded, await RecordedChecksumsAsync(database));
        }
        finally
        {
            await PostgreSqlServer.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Edited_migrations_are_refused_by_name_and_nothing_is_applied()
    {
        var database = await PostgreSqlServer.CreateDatabaseAsync("checksum_edited");
        try
        {
            await RegistryDatabaseMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None);
            // The database was migrated with other bodies of 0005 and 0009 than this build ships, and has not recorded
            // this build's last migration yet.
            var appliedEarlier = Sha256Hex("-- an earlier body\n");
            await SqlProbe.ExecuteAsync(database,
                "UPDATE registry_schema_migrations SET checksum = @checksum WHERE name IN ('0005_audit_log', '0009_grain_state_lookup_by_one_key')",
                ("checksum", appliedEarlier));
            var last = (await SqlProbe.ColumnAsync(database, "SELECT name FROM registry_schema_migrations ORDER BY name DESC LIMIT 1")).Single();
            await SqlProbe.ExecuteAsync(database, "DELETE FROM registry_schema_migrations WHERE name = @name", ("name", last));
            var before = await RecordedChecksumsAsync(database);

            var refusal = await Assert.ThrowsAsync<MigrationHistoryMismatchException>(() =>
                RegistryDatabaseMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None));

            Assert.Equal(2, refusal.Problems.Count);
            var released = ReleasedChecksums();
            Assert.Contains("Migration 0005_audit_log was applied with checksum " + appliedEarlier, refusal.Message);
            Assert.Contains(released["0005_audit_log"], refusal.Message);
            Assert.Contains("Migration 0009_grain_state_lookup_by_one_key was applied with checksum " + appliedEarlier, refusal.Message);
            Assert.Contains("never be edited", refusal.Message);
            Assert.Equal(before, await RecordedChecksumsAsync(database));
        }
        finally
        {
            await PostgreSqlServer.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_renamed_migration_is_refused_naming_both_names()
    {
        var database = await PostgreSqlServer.CreateDatabaseAsync("checksum_renamed");
        try
        {
            await RegistryDatabaseMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None);
            await SqlProbe.ExecuteAsync(database,
                "UPDATE registry_schema_migrations SET name = '0008_retire_outbox' WHERE name = '0008_retire_publication_outbox'");

            var refusal = await Assert.ThrowsAsync<MigrationHistoryMismatchException>(() =>
                RegistryDatabaseMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None));

            var problem = Assert.Single(refusal.Problems);
            Assert.Contains("0008_retire_publication_outbox", problem);
            Assert.Contains("0008_retire_outbox", problem);
            Assert.DoesNotContain("0008_retire_publication_outbox", await SqlProbe.ColumnAsync(database, "SELECT name FROM registry_schema_migrations"));
        }
        finally
        {
            await PostgreSqlServer.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_migration_recorded_by_a_newer_build_does_not_stop_this_one()
    {
        var database = await PostgreSqlServer.CreateDatabaseAsync("checksum_newer");
        try
        {
            await RegistryDatabaseMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None);
            await SqlProbe.ExecuteAsync(database,
                "INSERT INTO registry_schema_migrations (name, checksum) VALUES ('9999_from_a_newer_build', @checksum)",
                ("checksum", Sha256Hex("-- newer\n")));

            Assert.Empty(await RegistryDatabaseMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None));
        }
        finally
        {
            await PostgreSqlServer.DropDatabaseAsync(database);
        }
    }

    /// <summary>
    /// The previous release's migrator: a history of names only, each released script run in a transaction with its row.
    /// </summary>
    private static async Task MigrateAsThePreviousReleaseDidAsync(string database)
    {
        var scripts = Path.Combine(
            PostgreSqlServer.FindRepositoryRoot() ?? throw new InvalidOperationException("The repository root (CalcinosisRegistry.sln) was not found."),
            "src", "CalcinosisRegistry.Persistence.PostgreSql", "Migrations");
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE registry_schema_migrations (name text NOT NULL PRIMARY KEY, applied_on timestamptz NOT NULL DEFAULT now())", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        foreach (var name in PreviousReleaseMigrations)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var script = new NpgsqlCommand(await File.ReadAllTextAsync(Path.Combine(scripts, name + ".sql")), connection, transaction))
            {
                await script.ExecuteNonQueryAsync();
            }

            await using (var record = new NpgsqlCommand("INSERT INTO registry_schema_migrations (name) VALUES (@name)", connection, transaction))
            {
                record.Parameters.AddWithValue("name", name);
                await record.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }
    }

    private static async Task<Dictionary<string, string?>> RecordedChecksumsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT name, checksum FROM registry_schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return rows;
    }

    /// <summary>The checksums <c>sha256sum</c> printed for the released scripts, by migration name.</summary>
    private static Dictionary<string, string> ReleasedChecksums() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Migrations", "released-migrations.sha256"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split("  ", 2))
            .ToDictionary(parts => Path.GetFileNameWithoutExtension(parts[1]), parts => parts[0], StringComparer.Ordinal);

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
