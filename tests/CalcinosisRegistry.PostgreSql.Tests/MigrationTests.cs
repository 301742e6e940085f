using CalcinosisRegistry.Persistence.PostgreSql;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace CalcinosisRegistry.PostgreSql.Tests;

/// <summary>Each test creates its own empty database: migrations must work from nothing.</summary>
public sealed class MigrationTests
{
    private static readonly string[] AllMigrations =
        ["0001_orleans_query_table", "0002_grain_storage", "0003_clustering", "0004_reminders", "0005_audit_log",
         "0006_registry_index", "0007_publication_backlog", "0008_retire_publication_outbox",
         "0009_grain_state_lookup_by_one_key", "0010_publication_backlog_upkeep",
         "0011_publication_backlog_settled_by_sweeper", "0012_publication_backlog_settled_in_one_statement",
         "0013_audited_write_all_or_nothing", "0014_publication_settling_skips_locked_marks",
         "0015_publication_backlog_sweep_index", "0020_migration_checksums", "0030_audit_log_token_id",
         "0040_audit_chain_per_writer", "0050_import_staging"];

    /// <summary>Every key the three providers require, plus the optional ones we implement.</summary>
    private static readonly string[] ProviderQueryKeys =
    [
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task Migrations_apply_on_an_empty_database_and_a_rerun_applies_nothing()
    {
        var database = await PostgreSqlServer.CreateDatabaseAsync("migrate");
        try
        {
            var first = await RegistryDatabaseMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None);
            Assert.Equal(AllMigrations, first);

            foreach (var key in ProviderQueryKeys)
            {
                Assert.False(string.IsNullOrWhiteSpace(await SqlProbe.QueryTextAsync(database, key)), key);
            }

            var second = await RegistryDatabaseMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None);
            Assert.Empty(second);
            Assert.Equal(AllMigrations.Length, await SqlProbe.CountAsync(database, "SELECT count(*) FROM registry_schema_migrations"));
        }
        finally
        {
            await PostgreSqlServer.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Concurrent_migrators_on_an_empty_database_apply_the_schema_exactly_once()
    {
        var database = await PostgreSqlServer.CreateDatabaseAsync("migrate_race");
        try
        {
            // Four silos starting at the same moment.
            var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
                Task.Run(() => RegistryDatabaseMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None))));

            var applied = runs.SelectMany(names => names).ToList();
            Assert.Equal(AllMigrations, applied.Order(StringComparer.Ordinal));
            Assert.Single(runs, names => names.Count > 0);
            Assert.Equal(AllMigrations.Length, await SqlProbe.CountAsync(database, "SELECT count(*) FROM registry_schema_migrations"));
            Assert.Equal(ProviderQueryKeys.Length, await SqlProbe.CountAsync(database, "SELECT count(*) FROM orleansquery"));
        }
        finally
        {
            await PostgreSqlServer.DropDatabaseAsync(database);
        }
    }
}
