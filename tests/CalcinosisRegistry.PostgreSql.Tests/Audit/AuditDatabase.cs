using CalcinosisRegistry.Persistence.PostgreSql;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace CalcinosisRegistry.PostgreSql.Tests.Audit;

/// <summary>
/// A fresh, migrated database for ONE test, dropped afterwards: every tampering case starts from its own data.
/// Built on <see cref="PostgreSqlServer"/>, which finds or starts the server.
/// </summary>
internal sealed class AuditDatabase : IAsyncDisposable
{
    private AuditDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<AuditDatabase> CreateAsync()
    {
        var connectionString = await PostgreSqlServer.CreateDatabaseAsync("audit");
        await RegistryDatabaseMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        return new AuditDatabase(connectionString);
    }

    public async ValueTask DisposeAsync() => await PostgreSqlServer.DropDatabaseAsync(ConnectionString);
}
