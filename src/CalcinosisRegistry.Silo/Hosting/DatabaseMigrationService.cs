using CalcinosisRegistry.Persistence.PostgreSql;

namespace CalcinosisRegistry.Silo.Hosting;

/// <summary>Applies pending migrations before the silo starts; several silos starting at once serialise on a lock.</summary>
internal sealed class DatabaseMigrationService(string connectionString, ILogger<DatabaseMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await RegistryDatabaseMigrator.MigrateAsync(connectionString, logger, cancellationToken);
        logger.LogInformation("Database schema is current ({Applied} migration(s) applied now).", applied.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The <c>migrate</c> command: apply migrations and exit, for admins who run them as a separate step.</summary>
    public static async Task<int> RunCommandAsync(IConfiguration configuration, ILoggerFactory loggers)
    {
        var connectionString = configuration.GetConnectionString(RegistrySiloHosting.ConnectionStringName);
        var logger = loggers.CreateLogger<DatabaseMigrationService>();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            logger.LogError("migrate needs ConnectionStrings__Registry (a PostgreSQL connection string).");
            return 2;
        }

        var applied = await RegistryDatabaseMigrator.MigrateAsync(connectionString, logger, CancellationToken.None);
        Console.WriteLine(applied.Count == 0 ? "The database schema is already current." : $"Applied: {string.Join(", ", applied)}");
        return 0;
    }
}
