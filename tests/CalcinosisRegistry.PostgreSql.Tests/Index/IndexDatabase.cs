using CalcinosisRegistry.Persistence.PostgreSql;
using CalcinosisRegistry.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace CalcinosisRegistry.PostgreSql.Tests.Index;

/// <summary>A fresh, migrated database for one test, dropped afterwards, so every test starts from no rows.</summary>
internal sealed class IndexDatabase : IAsyncDisposable
{
    private IndexDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<IndexDatabase> CreateAsync(string purpose = "index")
    {
        var connectionString = await PostgreSqlServer.CreateDatabaseAsync(purpose);
        await RegistryDatabaseMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        return new IndexDatabase(connectionString);
    }

    public PostgreSqlRegistryIndexStore Store(string serviceId = "index-tests") => new(ConnectionString, serviceId);

    public async ValueTask DisposeAsync() => await PostgreSqlServer.DropDatabaseAsync(ConnectionString);
}
