using CalcinosisRegistry.Cluster.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace CalcinosisRegistry.Cluster.Tests;

/// <summary>
/// Defect 3 of issue 13, as an admin meets it: a silo whose build ships a different text of a migration the database
/// already applied does not start, and its log says which migration and why.
/// </summary>
public sealed class MigrationRefusalTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_silo_refuses_to_start_on_a_database_whose_applied_migration_text_differs_and_names_it()
    {
        var admin = await SharedPostgreSqlServer.GetAdminConnectionStringAsync();
        var database = await TestDatabases.CreateAsync(admin, "refusal");
        using var http = RegistryHttp.CreateClient();
        using var silos = new SiloGroup();
        try
        {
            var clusterId = "refusal-" + Guid.NewGuid().ToString("N")[..8];
            var first = await silos.StartOneAsync(http, database, clusterId, "migrates");
            Assert.True(await first.StopAsync(TimeSpan.FromSeconds(30)), "the first silo did not stop within 30 s of SIGTERM");

            // The database applied another body of 0005 than this build ships (the SHA-256 of an empty text).
            const string appliedEarlier = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync();
                await using var tamper = new NpgsqlCommand(
                    "UPDATE registry_schema_migrations SET checksum = @checksum WHERE name = '0005_audit_log'", connection);
                tamper.Parameters.AddWithValue("checksum", appliedEarlier);
                Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
            }

            var refused = SiloProcess.Launch(SiloSettings.WithFreePorts("refused", database, clusterId, silos.LogDirectory));
            using (refused)
            {
                var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => refused.WaitUntilHealthyAsync(http));
                output.WriteLine(failure.Message.Split('\n')[0]);
                Assert.Contains("exited with code", failure.Message);
                var said = refused.LogLinesContaining("Migration 0005_audit_log was applied with checksum " + appliedEarlier);
                Assert.NotEmpty(said);
                Assert.Contains("edited", said[0]);
                output.WriteLine(said[0]);
            }
        }
        finally
        {
            silos.Dispose();
            await TestDatabases.DropAsync(admin, database);
        }
    }
}
