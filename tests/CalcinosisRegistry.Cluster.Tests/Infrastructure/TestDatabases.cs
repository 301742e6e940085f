using Npgsql;

namespace CalcinosisRegistry.Cluster.Tests.Infrastructure;

/// <summary>Creates and drops uniquely named databases, so each test starts from an empty registry.</summary>
internal static class TestDatabases
{
    /// <summary>Creates an empty database on the server of <paramref name="adminConnectionString"/>.</summary>
    public static async Task<string> CreateAsync(string adminConnectionString, string purpose)
    {
        // PostgreSQL truncates identifiers at 63 bytes; purposes are short fixed words, so this stays unique.
        var name = $"reg_{purpose}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            // The name is built above from a fixed word and a Guid, so interpolating it is safe.
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateAsync"/>, disconnecting whatever still holds a session.</summary>
    public static async Task DropAsync(string adminConnectionString, string databaseConnectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(databaseConnectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task EnsureReachableAsync(string connectionString, string origin)
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5 }.ConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or ArgumentException)
        {
            throw new InvalidOperationException(SharedPostgreSqlServer.Unavailable(
                $"PostgreSQL from {origin} ('{connectionString}') is not reachable: {exception.Message}."), exception);
        }
    }
}
