using System.Text.Json;
using System.Text.Json.Serialization;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Grains.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CalcinosisRegistry.Persistence.PostgreSql;

/// <summary>
/// The durable <see cref="IRegistryIndexStore"/>: one row per case in <c>site_case_index</c> and
/// <c>statistics_shard_entry</c> (migration 0006), scoped by the Orleans service id like the grain state.
/// </summary>
/// <remarks>
/// Each call is one statement in one round trip, committed before the task completes; a fault (unreachable server,
/// timeout) faults the task and nothing is retried behind the caller's back. Connections come from the same Npgsql
/// pool as the Orleans providers' (same connection string), so the process's connection cap still holds.
/// </remarks>
public sealed class PostgreSqlRegistryIndexStore : IRegistryIndexStore
{
    /// <summary>Enums by name: a stored contribution stays readable if an enum's members are ever reordered.</summary>
    private static readonly JsonSerializerOptions ContributionJson = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly string _connectionString;
    private readonly string _serviceId;

    public PostgreSqlRegistryIndexStore(string connectionString, string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        _connectionString = connectionString;
        _serviceId = serviceId;
    }

    public async Task<IReadOnlyList<SiteCaseEntry>> LoadSiteAsync(string siteId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(RegistryIndexSql.LoadSite, connection)
        {
            Parameters = { Text(_serviceId), Text(siteId) },
        };
        var entries = new List<SiteCaseEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new SiteCaseEntry(
                reader.GetString(0),
                reader.GetInt32(1),
                reader.GetBoolean(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero)));
        }

        return entries;
    }

    public async Task UpsertSiteEntriesAsync(string siteId, IReadOnlyList<SiteCaseEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var batch = Newest(entries, entry => entry.CaseId, entry => entry.Version);
        if (batch.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(RegistryIndexSql.UpsertSite, connection)
        {
            Parameters =
            {
                Text(_serviceId),
                Text(siteId),
                Array(NpgsqlDbType.Text, batch.Select(entry => entry.CaseId).ToArray()),
                Array(NpgsqlDbType.Integer, batch.Select(entry => entry.Version).ToArray()),
                Array(NpgsqlDbType.Boolean, batch.Select(entry => entry.Withdrawn).ToArray()),
                Array(NpgsqlDbType.Text, batch.Select(entry => entry.CalcinosisType).ToArray()),
                Array(NpgsqlDbType.Bigint, batch.Select(entry => entry.UpdatedAt.UtcTicks).ToArray()),
            },
        };
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<ShardEntry>> LoadShardAsync(int shard)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(RegistryIndexSql.LoadShard, connection)
        {
            Parameters = { Text(_serviceId), new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = shard } },
        };
        var entries = new List<ShardEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var contribution = reader.IsDBNull(2)
                ? null
                : JsonSerializer.Deserialize<CaseContribution>(reader.GetString(2), ContributionJson)
                  ?? throw new InvalidDataException($"Statistics shard {shard} holds a null contribution for {reader.GetString(0)}.");
            entries.Add(new ShardEntry(reader.GetString(0), reader.GetInt32(1), contribution));
        }

        return entries;
    }

    public Task UpsertShardEntriesAsync(int shard, IReadOnlyList<ShardEntry> entries) =>
        WriteShardAsync(RegistryIndexSql.UpsertShard, shard, entries, skipWhenEmpty: true);

    public Task ReplaceShardAsync(int shard, IReadOnlyList<ShardEntry> entries) =>
        // Even an empty replacement runs: it removes every row of the shard.
        WriteShardAsync(RegistryIndexSql.ReplaceShard, shard, entries, skipWhenEmpty: false);

    private async Task WriteShardAsync(string sql, int shard, IReadOnlyList<ShardEntry> entries, bool skipWhenEmpty)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var batch = Newest(entries, entry => entry.CaseKey, entry => entry.Version);
        if (batch.Count == 0 && skipWhenEmpty)
        {
            return;
        }

        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection)
        {
            Parameters =
            {
                Text(_serviceId),
                new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = shard },
                Array(NpgsqlDbType.Text, batch.Select(entry => entry.CaseKey).ToArray()),
                Array(NpgsqlDbType.Integer, batch.Select(entry => entry.Version).ToArray()),
                Array(NpgsqlDbType.Jsonb, batch.Select(entry => entry.Contribution is { } contribution
                    ? JsonSerializer.Serialize(contribution, ContributionJson)
                    : null).ToArray()),
            },
        };
        await command.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One entry per key (the highest version: a statement may not touch a row twice), sorted by key so that
    /// concurrent batches lock shared rows in the same order.
    /// </summary>
    private static List<TEntry> Newest<TEntry>(IReadOnlyList<TEntry> entries, Func<TEntry, string> keyOf, Func<TEntry, int> versionOf) =>
        entries
            .GroupBy(keyOf, StringComparer.Ordinal)
            .Select(group => group.MaxBy(versionOf)!)
            .OrderBy(keyOf, StringComparer.Ordinal)
            .ToList();

    private static NpgsqlParameter<string> Text(string value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = value };

    private static NpgsqlParameter<T[]> Array<T>(NpgsqlDbType elementType, T[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | elementType, TypedValue = values };
}
