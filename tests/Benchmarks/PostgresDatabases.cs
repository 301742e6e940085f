using Npgsql;

namespace CalcinosisRegistry.Benchmarks;

/// <summary>Fresh databases for one run on a PostgreSQL server, dropped again at the end unless asked to keep them.</summary>
public sealed class PostgresDatabases(string adminConnectionString, bool keep) : IAsyncDisposable
{
    private readonly List<string> _created = [];

    public async Task<string> CreateAsync(string purpose, CancellationToken cancellationToken)
    {
        var name = $"bench_{purpose}_{DateTime.UtcNow:yyyyMMddHHmmss}_{Random.Shared.Next(1000, 9999)}";
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            try
            {
                await connection.OpenAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL is not reachable with '{adminConnectionString}'. Start one with `bash tests/postgres.sh start` or pass --postgres.", exception);
            }

            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        _created.Add(name);
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// A report note naming the server's durability settings, e.g. "fsync=on, full_page_writes=on,
    /// synchronous_commit=on", with a warning when they are not durable: a write rate means little without them
    /// (tests/postgres.sh turns them off unless REGISTRY_PG_DURABLE=1).
    /// </summary>
    public async Task<string> DurabilityNoteAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var show = new NpgsqlCommand(
            "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')",
            connection);
        var settings = (string?)await show.ExecuteScalarAsync(cancellationToken) ?? "unknown";
        return $"PostgreSQL server settings: {settings}" + (settings.Contains("fsync=off", StringComparison.Ordinal)
            ? " (NOT durable: a crash of this server can lose committed writes; for durable figures start one with REGISTRY_PG_DURABLE=1 bash tests/postgres.sh start)."
            : ".");
    }

    public async ValueTask DisposeAsync()
    {
        if (keep)
        {
            foreach (var name in _created)
            {
                BenchmarkReport.Progress($"kept database {name}");
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        try
        {
            await connection.OpenAsync();
            foreach (var name in _created)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException exception)
        {
            BenchmarkReport.Progress($"could not drop the benchmark databases ({string.Join(", ", _created)}): {exception.Message}");
        }
    }
}
