using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CalcinosisRegistry.Persistence.PostgreSql;

/// <summary>Healthy when the registry's PostgreSQL answers a trivial query within a few seconds.</summary>
public sealed class DatabaseHealthCheck(string connectionString) : IHealthCheck
{
    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3, CommandTimeout = 3, MaxPoolSize = 2 }.ConnectionString;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", exception);
        }
    }
}
