using System.Diagnostics;
using CalcinosisRegistry.Cluster.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace CalcinosisRegistry.Cluster.Tests;

/// <summary>
/// A rolling upgrade from the previous release, as an admin runs one: a database created and written by a silo of the
/// previous release (built from git history), then a silo of this build joins the same cluster and migrates the
/// database while the old silo keeps taking writes, both serve side by side, and the old one is stopped. Nothing
/// acknowledged may be lost, every write keeps its audit entry, and the old silo must keep working on the migrated
/// schema (no migration may drop or change what it uses).
/// </summary>
public sealed class RollingUpgradeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SideBySide = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan SideBySideLimit = TimeSpan.FromSeconds(30);
    private const int WritesSideBySide = 20;
    private static readonly TimeSpan AfterOldStopped = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FirstWritesTimeout = TimeSpan.FromSeconds(60);
    private const int WritesBeforeUpgrade = 30;

    [Fact]
    public async Task A_previous_release_database_is_upgraded_while_old_and_new_silos_serve_side_by_side()
    {
        var previousSilo = await PreviousRelease.BuildSiloAsync(output.WriteLine);
        var admin = await SharedPostgreSqlServer.GetAdminConnectionStringAsync();
        var database = await TestDatabases.CreateAsync(admin, "upgrade");
        using var http = RegistryHttp.CreateClient();
        using var silos = new SiloGroup();
        try
        {
            var clusterId = "upgrade-" + Guid.NewGuid().ToString("N")[..8];
            var clock = Stopwatch.StartNew();
            var old = await silos.StartOneAsync(http, database, clusterId, "old-1", previousSilo);
            var oldMigrations = await ScalarAsync<long>(database, "SELECT count(*) FROM registry_schema_migrations");
            output.WriteLine($"old silo ({PreviousRelease.Commit[..7]}) healthy at +{clock.Elapsed.TotalSeconds:0.0} s; it applied {oldMigrations} migrations; logs in {silos.LogDirectory}");
            Assert.False(await ScalarAsync<bool>(database, ChecksumColumnExists), "the previous release must not know migration checksums; is PreviousRelease.Commit right?");

            // 1. The old release takes writes, and keeps taking them while the new silo starts and migrates.
            var oldLoad = new CaseWriteLoad(silos.Endpoints([old]), http, clock, Shape("north-general", seed: 21));
            using var stopOldLoad = new CancellationTokenSource();
            var oldWriting = oldLoad.RunAsync(stopOldLoad.Token);
            while (oldLoad.Ledger.Count < WritesBeforeUpgrade && clock.Elapsed < FirstWritesTimeout)
            {
                await Task.Delay(100);
            }

            var newLaunchedAt = clock.Elapsed;
            var current = await silos.StartOneAsync(http, database, clusterId, "new-1");
            var newHealthyAt = clock.Elapsed;
            var duringMigration = oldLoad.Attempts.Where(a => a.StartedAt >= newLaunchedAt && a.EndedAt <= newHealthyAt).ToList();
            output.WriteLine($"new silo launched at +{newLaunchedAt.TotalSeconds:0.0} s, healthy (schema migrated) at +{newHealthyAt.TotalSeconds:0.0} s; "
                + $"meanwhile the old silo answered {duringMigration.Count(a => a.IsAcknowledged)} writes with 2xx, {duringMigration.Count(a => !a.IsAcknowledged)} otherwise");

            // 2. Side by side: writes round-robin over the old and the new silo, in one cluster.
            var mixedLoad = new CaseWriteLoad(silos.Endpoints(), http, clock, Shape("lakeside-univ", seed: 22));
            using var stopMixedLoad = new CancellationTokenSource();
            var mixedWriting = mixedLoad.RunAsync(stopMixedLoad.Token);
            // At least a few seconds, and until each silo has acknowledged some writes (a new silo's first ones are slow).
            var sideBySideFrom = clock.Elapsed;
            while (clock.Elapsed - sideBySideFrom < SideBySideLimit
                && (clock.Elapsed - sideBySideFrom < SideBySide
                    || mixedLoad.Ledger.Count(w => w.Silo == old.Name) < WritesSideBySide
                    || mixedLoad.Ledger.Count(w => w.Silo == current.Name) < WritesSideBySide))
            {
                await Task.Delay(100);
            }

            stopOldLoad.Cancel();
            stopMixedLoad.Cancel();
            await Task.WhenAll(oldWriting, mixedWriting);

            // 3. The old silo leaves gracefully; the new one carries on alone.
            var failures = new List<string>();
            if (!await old.StopAsync(TimeSpan.FromSeconds(30)))
            {
                failures.Add("the old silo did not exit within 30 s of SIGTERM");
            }

            var afterLoad = new CaseWriteLoad(silos.Endpoints([current]), http, clock, Shape("harbour-renal", seed: 23));
            using (var stopAfterLoad = new CancellationTokenSource(AfterOldStopped))
            {
                await afterLoad.RunAsync(stopAfterLoad.Token);
            }

            CaseWriteLoad[] loads = [oldLoad, mixedLoad, afterLoad];
            var ledger = loads.SelectMany(l => l.Ledger).ToList();
            output.WriteLine($"acknowledged: {oldLoad.Ledger.Count} via the old silo alone, {mixedLoad.Ledger.Count} side by side "
                + $"({mixedLoad.Ledger.Count(w => w.Silo == old.Name)} by the old, {mixedLoad.Ledger.Count(w => w.Silo == current.Name)} by the new), "
                + $"{afterLoad.Ledger.Count} after the old stopped; "
                + $"{loads.Sum(l => l.Attempts.Count(a => a.Status == 503))} × 503, {loads.Sum(l => l.Attempts.Count(a => a.Status is null))} without answer");

            if (!duringMigration.Any(a => a.IsAcknowledged))
            {
                failures.Add("the old silo acknowledged no write while the new silo migrated the database");
            }

            foreach (var (load, name) in loads.Zip(["old silo alone", "side by side", "new silo alone"]))
            {
                if (load.Ledger.IsEmpty)
                {
                    failures.Add($"{name}: no write was acknowledged");
                }

                failures.AddRange(load.Anomalies.Select(a => $"{name}: {a}"));
                failures.AddRange(load.Unresolved.Select(u => $"{name}: {u.CaseKey} was never acknowledged; last attempt: {u.LastAttempt}"));
            }

            if (!mixedLoad.Ledger.Any(w => w.Silo == old.Name) || !mixedLoad.Ledger.Any(w => w.Silo == current.Name))
            {
                failures.Add("side by side, both silos must acknowledge writes");
            }

            var survivor = silos.Endpoints([current]);
            failures.AddRange(await LedgerVerifier.VerifyAsync(http, survivor, ledger, loads.SelectMany(l => l.Unresolved)));
            failures.AddRange(await AuditTrailVerifier.VerifyAsync(http, survivor[0], database, ledger));
            failures.AddRange(await StatisticsConvergence.CheckAsync(http, survivor, ledger.Select(w => w.CaseKey).Distinct().Count(), output.WriteLine));

            var unrecorded = await ScalarAsync<long>(database, "SELECT count(*) FROM registry_schema_migrations WHERE checksum IS NULL");
            var recorded = await ScalarAsync<long>(database, "SELECT count(*) FROM registry_schema_migrations");
            output.WriteLine($"migration history after the upgrade: {recorded} migrations, {unrecorded} without a checksum");
            if (unrecorded != 0 || recorded <= oldMigrations)
            {
                failures.Add($"after the upgrade the history should record more than the old release's {oldMigrations} migrations, all with checksums: {recorded} recorded, {unrecorded} without");
            }

            Assert.True(failures.Count == 0, $"{failures.Count} failure(s):\n" + string.Join("\n", failures.Take(40)));
        }
        catch (Exception exception)
        {
            silos.ReportFailure(output, exception);
            throw;
        }
        finally
        {
            silos.Dispose();
            await TestDatabases.DropAsync(admin, database);
        }
    }

    private const string ChecksumColumnExists =
        "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'registry_schema_migrations' AND column_name = 'checksum')";

    private static WriteLoadShape Shape(string site, int seed) => new(
        Sites: [site],
        CasesPerSite: 40,
        Writers: 4,
        RequestTimeout: TimeSpan.FromSeconds(35),
        RetryDeadline: TimeSpan.FromSeconds(60),
        PauseBetweenWrites: TimeSpan.FromMilliseconds(20),
        PauseBetweenRetries: TimeSpan.FromMilliseconds(250),
        Seed: seed);

    private static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
