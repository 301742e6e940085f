using CalcinosisRegistry.Persistence.PostgreSql;

namespace CalcinosisRegistry.Silo.Hosting;

/// <summary>Applies pending migrations before the silo starts; several silos starting at once serialise on a lock.</summary>
internal sealed class DatabaseMigrationService(string connectionString, ILogger<DatabaseMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var applied = await RegistryDatabaseMigrator.MigrateAsync(connectionString, logger, cancellationToken);
            logger.LogInformation("Database schema is current ({Applied} migration(s) applied now).", applied.Count);
        }
        catch (MigrationHistoryMismatchException refused)
        {
            // Said once, plainly, before the host's own "failed to start" and stack trace.
            logger.LogCritical("{Refusal}", refused.Message);
            throw;
        }
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

        IReadOnlyList<string> applied;
        try
        {
            applied = await RegistryDatabaseMigrator.MigrateAsync(connectionString, logger, CancellationToken.None);
        }
        catch (MigrationHistoryMismatchException refused)
        {
            logger.LogCritical("{Refusal}", refused.Message);
            return 3;
        }

        Console.WriteLine(applied.Count == 0 ? "The database schema is already current." : $"Applied: {string.Join(", ", applied)}");
        return 0;
    }
}
