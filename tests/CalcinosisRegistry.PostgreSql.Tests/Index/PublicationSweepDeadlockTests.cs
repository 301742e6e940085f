using System.Diagnostics;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Persistence.PostgreSql.Commit;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Npgsql;

namespace CalcinosisRegistry.PostgreSql.Tests.Index;

/// <summary>
/// Defect 2 of issue 13: a case write's trigger locks the case's publication mark while the sweeper's settling
/// function deletes marks in its own order; the two could each hold a mark the other waited for, and PostgreSQL
/// aborted one of them (<c>deadlock detected … while deleting tuple in "case_publication_pending"</c>), taking a whole
/// group-commit batch with it. This runs three silos' group-commit writers (case states without audit entries, as with
/// access control off) and a sweeper against one real server, all on the same cases, and counts the server's own
/// deadlock reports for the database (pg_stat_database.deadlocks).
/// </summary>
public sealed class PublicationSweepDeadlockTests
{
    private const string ServiceId = "deadlock-tests";
    private const int Writers = 3;
    private const int CasesPerWriter = 250;
    private static readonly TimeSpan StressTime = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Case_writes_and_the_sweeper_running_at_once_never_deadlock()
    {
        await using var database = await IndexDatabase.CreateAsync("deadlock");
        var keys = Enumerable.Range(0, Writers * CasesPerWriter).Select(i => RegistryKeys.Case($"site-{i % 4}", $"C-{i:D4}")).ToList();
        await PublishFarAheadAsync(database.ConnectionString, keys);
        var deadlocksBefore = await DeadlocksAsync(database.ConnectionString);

        var faults = new List<Exception>();
        var stop = Stopwatch.StartNew();
        var writes = 0;
        var sweeps = 0;
        // Each writer is one silo's group commit over its own cases (as grains live on one silo); every round writes
        // all of them at once, so each statement marks many cases while the sweeper settles them in its own order.
        var writerLoops = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            await using var pool = NpgsqlDataSource.Create(database.ConnectionString);
            var groupCommit = new GroupCommitWriter(pool);
            var mine = keys.Skip(writer * CasesPerWriter).Take(CasesPerWriter).ToList();
            var versions = mine.ToDictionary(key => key, _ => (int?)null);
            while (stop.Elapsed < StressTime)
            {
                try
                {
                    var stored = await Task.WhenAll(mine.Select(key => groupCommit.WriteStateAsync(ServiceId, Write(key, versions[key]), entry: null)));
                    foreach (var (key, version) in mine.Zip(stored))
                    {
                        versions[key] = version ?? throw new InvalidOperationException($"{key} was refused at version {versions[key]}.");
                    }

                    Interlocked.Add(ref writes, mine.Count);
                }
                catch (Exception exception)
                {
                    lock (faults)
                    {
                        faults.Add(exception);
                    }

                    return;
                }
            }
        })).ToList();
        var sweeper = Task.Run(async () =>
        {
            var store = database.Store(ServiceId);
            while (stop.Elapsed < StressTime)
            {
                try
                {
                    await store.FindUnpublishedCasesAsync(TimeSpan.Zero, 10_000);
                    Interlocked.Increment(ref sweeps);
                }
                catch (Exception exception)
                {
                    lock (faults)
                    {
                        faults.Add(exception);
                    }

                    return;
                }
            }
        });
        await Task.WhenAll([.. writerLoops, sweeper]);

        Assert.Empty(faults.Select(fault => fault.Message));
        Assert.Equal(0, await DeadlocksAsync(database.ConnectionString) - deadlocksBefore);
        Assert.True(writes > 0 && sweeps > 0, $"{writes} writes, {sweeps} sweeps");

        // Skipping never loses a mark: once the writes stop, one sweep settles every one of them.
        Assert.Empty(await database.Store(ServiceId).FindUnpublishedCasesAsync(TimeSpan.Zero, 10_000));
        Assert.Equal(0, await SqlProbe.CountAsync(database.ConnectionString, "SELECT count(*) FROM case_publication_pending"));
    }

    private static PendingGrainStateWrite Write(string key, int? expectedVersion) =>
        new("case", key, expectedVersion, Payload: [(byte)(expectedVersion ?? 0)], GrainIdHash: key.Length, GrainTypeHash: 4);

    /// <summary>Site and shard rows at a version no write reaches, so the sweeper may settle every mark it finds.</summary>
    private static async Task PublishFarAheadAsync(string connectionString, IReadOnlyList<string> keys)
    {
        await SqlProbe.ExecuteAsync(connectionString, """
            INSERT INTO site_case_index (service_id, site_id, case_id, version, withdrawn, calcinosis_type, updated_at_ticks)
            SELECT @service, site, id, 1000000, false, 'dystrophic', 0 FROM unnest(@sites, @ids) AS c (site, id);
            INSERT INTO statistics_shard_entry (service_id, shard, case_key, version, contribution)
            SELECT @service, shard, case_key, 1000000, NULL FROM unnest(@shards, @keys) AS c (shard, case_key);
            """,
            ("service", ServiceId),
            ("sites", keys.Select(RegistryKeys.SiteOfCase).ToArray()),
            ("ids", keys.Select(RegistryKeys.CaseIdOfCase).ToArray()),
            ("shards", keys.Select(RegistryKeys.ShardOf).ToArray()),
            ("keys", keys.ToArray()));
    }

    /// <summary>The deadlocks the server detected in this database so far (its statistics, flushed before reading).</summary>
    private static async Task<long> DeadlocksAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var fresh = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await fresh.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
