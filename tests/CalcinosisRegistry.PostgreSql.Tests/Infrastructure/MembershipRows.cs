using Npgsql;

namespace CalcinosisRegistry.PostgreSql.Tests.Infrastructure;

/// <summary>Writes membership rows directly, to stage situations a live cluster rarely shows (old dead silos).</summary>
internal static class MembershipRows
{
    public const int Active = 3;
    public const int Dead = 6;

    public static async Task EnsureVersionRowAsync(string connectionString, string deploymentId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO orleans_membership_version (deployment_id) VALUES (@deployment) ON CONFLICT DO NOTHING", connection);
        command.Parameters.AddWithValue("deployment", deploymentId);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task InsertAsync(
        string connectionString, string deploymentId, string address, int status, int proxyPort,
        DateTime startTime, DateTime iAmAliveTime, string? suspectTimes = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO orleans_membership
                   (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
                    suspect_times, start_time, i_am_alive_time)
            VALUES (@deployment, @address, 11111, 1, 'staged', 'staged-host', @status, @proxy, @suspect, @start, @alive)
            """, connection);
        command.Parameters.AddWithValue("deployment", deploymentId);
        command.Parameters.AddWithValue("address", address);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("proxy", proxyPort);
        command.Parameters.Add(new NpgsqlParameter("suspect", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)suspectTimes ?? DBNull.Value });
        command.Parameters.AddWithValue("start", startTime);
        command.Parameters.AddWithValue("alive", iAmAliveTime);
        await command.ExecuteNonQueryAsync();
    }

    public static Task<long> CountAsync(string connectionString, string deploymentId, string address) =>
        SqlProbe.CountAsync(connectionString,
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = @deployment AND address = @address",
            ("deployment", deploymentId), ("address", address));
}
