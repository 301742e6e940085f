using CalcinosisRegistry.Persistence.PostgreSql;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace CalcinosisRegistry.PostgreSql.Tests.Index;

/// <summary>
/// Defect 4 of issue 13: after an outage the publication backlog is large, and every sweep of every silo read all
/// of it. The sweeper's query must read it through migration 0015's index, both as first planned (with the values
/// bound) and as the generic plan a prepared statement settles on.
/// </summary>
public sealed class SweepQueryPlanTests
{
    private const string ServiceId = "sweep-plan";
    private const string SweepIndex = "case_publication_pending_sweep_order";

    [Fact]
    public async Task The_sweep_query_reads_an_outages_backlog_through_the_age_index()
    {
        await using var database = await IndexDatabase.CreateAsync("sweepplan");
        // An hour's outage of writes, all past the grace period, a fifth of them another service's; then the
        // statistics autovacuum would gather.
        await SqlProbe.ExecuteAsync(database.ConnectionString, """
            INSERT INTO case_publication_pending (service_id, case_key, receiver, version, pending_since)
            SELECT CASE WHEN i % 5 = 0 THEN 'other-service' ELSE @service END, 'case:site/C-' || i, 'case', 1,
                   now() - interval '1 hour' + i * interval '50 ms'
              FROM generate_series(1, 50000) AS i;
            ANALYZE case_publication_pending;
            """, ("service", ServiceId));

        var bound = await PlanWithValuesAsync(database.ConnectionString);
        Assert.Contains(SweepIndex, bound);
        Assert.DoesNotContain("Seq Scan", bound);

        var generic = await GenericPlanAsync(database.ConnectionString);
        Assert.Contains(SweepIndex, generic);
        Assert.DoesNotContain("Seq Scan", generic);
    }

    private static async Task<string> PlanWithValuesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + RegistryIndexSql.FindAgedPending, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = ServiceId },
                new NpgsqlParameter<double> { NpgsqlDbType = NpgsqlDbType.Double, TypedValue = 2.0 },
                new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = PostgreSqlRegistryIndexStore.MaxMarksSettledPerCall },
            },
        };
        return await ReadPlanAsync(explain);
    }

    private static async Task<string> GenericPlanAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var prepare = new NpgsqlCommand(
            $"SET plan_cache_mode = force_generic_plan; PREPARE sweep (text, double precision, integer) AS {RegistryIndexSql.FindAgedPending}",
            connection))
        {
            await prepare.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand(
            $"EXPLAIN EXECUTE sweep ('{ServiceId}', 2.0, {PostgreSqlRegistryIndexStore.MaxMarksSettledPerCall})", connection);
        return await ReadPlanAsync(explain);
    }

    private static async Task<string> ReadPlanAsync(NpgsqlCommand explain)
    {
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
