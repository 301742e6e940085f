using System.Data.Common;
using CalcinosisRegistry.Contracts.Bulk;
using CalcinosisRegistry.Contracts.Storage;
using CalcinosisRegistry.Persistence.PostgreSql.Bulk;
using CalcinosisRegistry.Persistence.PostgreSql.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.GrainState;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Storage;

namespace CalcinosisRegistry.Persistence.PostgreSql;

/// <summary>
/// Wires the Orleans ADO.NET providers to the registry's PostgreSQL schema (see <see cref="RegistryDatabaseMigrator"/>,
/// which must have run against the same database before the silo starts).
/// </summary>
public static class RegistryPostgreSqlHosting
{
    /// <summary>The ADO.NET invariant name Orleans maps to Npgsql's factory.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Default pool cap per process and provider connection string. Several silos (plus clients) share one
    /// server whose max_connections is finite; 20 leaves plenty of headroom for a handful of silos.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>
    /// Statements Npgsql prepares on each connection once they have run a few times. The registry runs a small, fixed
    /// set of statements (the providers' queries, the index and audit writes) at every case write; prepared, the
    /// server parses and plans each once per connection instead of at every execution.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 32;

    /// <summary>Default connect timeout in seconds: an unreachable database should fail fast, not hang start-up.</summary>
    public const int DefaultConnectTimeoutSeconds = 5;

    /// <summary>
    /// Default command timeout in seconds. The ADO.NET providers never set one, so Npgsql's 30 s would apply
    /// and a database outage would stall grain calls for that long.
    /// </summary>
    public const int DefaultCommandTimeoutSeconds = 10;

    /// <summary>Appended to the registry's storage name for the ADO.NET provider that the registry's storage wraps.</summary>
    public const string ProviderNameSuffix = ".adonet";

    /// <summary>The states whose writes are group-committed: the case state, written at every case write.</summary>
    private static readonly IReadOnlySet<string> GroupCommittedStates = new HashSet<string>(StringComparer.Ordinal) { RegistryStorage.CaseStateName };

    /// <summary>
    /// Silo side: ADO.NET clustering, ADO.NET grain storage named <paramref name="storageName"/>, ADO.NET reminders,
    /// the row-per-case index store of the site indexes and statistics shards, and the audit log
    /// (<see cref="PostgreSqlAuditLog"/>, whose group-commit writer also commits the case states, with their audit
    /// entries or without), all on the registry's PostgreSQL schema.
    /// </summary>
    /// <remarks>
    /// Grain state is serialized with the Orleans binary serializer instead of the provider's default Newtonsoft JSON:
    /// state types are already [GenerateSerializer] types with version-tolerant ids, and JSON would add a second
    /// serialization contract to keep compatible. The database stores the bytes opaquely either way.
    /// </remarks>
    public static ISiloBuilder UseRegistryPostgreSql(this ISiloBuilder silo, string connectionString, string storageName)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(storageName);
        var tunedConnectionString = WithPoolSize(connectionString, DefaultMaxPoolSize);

        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = tunedConnectionString;
        });

        // The provider itself is registered under its own name; the registry's storage name resolves to the
        // group-committing wrapper around it (see GroupCommitGrainStorage).
        var providerName = storageName + ProviderNameSuffix;
        silo.Services.AddAdoNetGrainStorage(providerName, optionsBuilder => optionsBuilder
            .Configure<IServiceProvider>((options, services) =>
            {
                options.Invariant = NpgsqlInvariant;
                options.ConnectionString = tunedConnectionString;
                options.GrainStorageSerializer =
                    new OrleansGrainStorageSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>());
            }));
        // One group-commit writer per process, owned by the audit log (which anchors its chain): the API's entries
        // and the case states, with or without their entries, share its batches and its known head.
        silo.Services.AddSingleton(_ => new PostgreSqlAuditLog(connectionString));
        silo.Services.AddKeyedSingleton<IGrainStorage>(storageName, (services, _) =>
        {
            var providerOptions = services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(providerName);
            var serviceId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
            return new GroupCommitGrainStorage(
                services.GetRequiredKeyedService<IGrainStorage>(providerName),
                services.GetRequiredService<PostgreSqlAuditLog>().Writer,
                providerOptions.GrainStorageSerializer,
                providerOptions.HashPicker,
                serviceId,
                storageName,
                GroupCommittedStates);
        });

        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = tunedConnectionString;
        });

        // Replaces the in-memory store should both be configured: the grains must see the durable one.
        silo.Services.AddSingleton<IRegistryIndexStore>(services => new PostgreSqlRegistryIndexStore(
            tunedConnectionString, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));

        // Staged imports too: the endpoints of a silo host stage into PostgreSQL rather than the embedded spool.
        silo.Services.AddSingleton<IImportStagingStore>(services => new PostgreSqlImportStagingStore(
            connectionString, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));

        return silo;
    }

    /// <summary>Client side: finds gateways through the registry's PostgreSQL membership table.</summary>
    public static IClientBuilder UseRegistryPostgreSqlClustering(this IClientBuilder client, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(client);
        var tunedConnectionString = WithPoolSize(connectionString, DefaultMaxPoolSize);

        client.UseAdoNetClustering(options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = tunedConnectionString;
        });

        return client;
    }

    /// <summary>
    /// Returns <paramref name="connectionString"/> with <c>Maximum Pool Size</c> = <paramref name="maxPoolSize"/>,
    /// <c>Timeout</c> = <see cref="DefaultConnectTimeoutSeconds"/>, <c>Command Timeout</c> = <see cref="DefaultCommandTimeoutSeconds"/>
    /// <c>No Reset On Close</c> = true and <c>Max Auto Prepare</c> = <see cref="DefaultMaxAutoPrepare"/>, each only where
    /// the string does not already set it (an operator's explicit choice always wins).
    /// </summary>
    /// <remarks>
    /// Npgsql resets every connection returned to its pool with DISCARD ALL, which the server runs before the next
    /// statement: about one extra statement per query, measured as the most frequent statement under write load. The
    /// registry never leaves session state behind (its only SET is SET LOCAL, scoped to a transaction), so the reset
    /// buys nothing.
    /// </remarks>
    public static string WithPoolSize(string connectionString, int maxPoolSize)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPoolSize);

        // NpgsqlConnectionStringBuilder reports every keyword as present (it has defaults for all), so the
        // keywords actually given are read with the generic parser and compared without spaces or case,
        // which also covers Npgsql's synonyms such as "MaxPoolSize" or "Max Pool Size".
        var givenKeywords = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>()
            .Select(keyword => keyword.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!givenKeywords.Overlaps(["maximumpoolsize", "maxpoolsize"]))
        {
            builder.MaxPoolSize = maxPoolSize;
        }

        if (!givenKeywords.Contains("timeout"))
        {
            builder.Timeout = DefaultConnectTimeoutSeconds;
        }

        if (!givenKeywords.Contains("commandtimeout"))
        {
            builder.CommandTimeout = DefaultCommandTimeoutSeconds;
        }

        if (!givenKeywords.Contains("noresetonclose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!givenKeywords.Contains("maxautoprepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return builder.ConnectionString;
    }
}
