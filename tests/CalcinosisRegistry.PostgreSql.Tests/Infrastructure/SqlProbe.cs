using Npgsql;

namespace CalcinosisRegistry.PostgreSql.Tests.Infrastructure;

/// <summary>Small helpers to look at the database directly, independently of the Orleans providers.</summary>
internal static class SqlProbe
{
    public static async Task<long> CountAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        var value = await ScalarAsync(connectionString, sql, parameters);
        return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<object?> ScalarAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    /// <summary>The first column of every row, as text.</summary>
    public static async Task<IReadOnlyList<string>> ColumnAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>Runs statements that return nothing to look at (test set-up, tampering).</summary>
    public static async Task ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads the query text Orleans would run for <paramref name="queryKey"/>.</summary>
    public static async Task<string> QueryTextAsync(string connectionString, string queryKey)
    {
        var text = await ScalarAsync(connectionString, "SELECT querytext FROM orleansquery WHERE querykey = @key", ("key", queryKey));
        return text as string ?? throw new InvalidOperationException($"Query key {queryKey} is missing from orleansquery.");
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
