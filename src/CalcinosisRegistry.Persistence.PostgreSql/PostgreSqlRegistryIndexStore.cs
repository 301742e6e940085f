using System.Text.Json.Serialization;
using System.Text.Json;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Contracts.Storage;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Domain.Statistics;
using Npgsql;
using NpgsqlTypes;

namespace CalcinosisRegistry.Persistence.PostgreSql;

/// <summary>
/// The durable <see cref="IRegistryIndexStore"/>: one row per case in <c>site_case_index</c> and
/// <c>statistics_shard_entry</c> (migration 0006), scoped by the Orleans service id like the grain state.
/// </summary>
/// <remarks>
/// Every call completes only once its rows are committed; a fault (unreachable server, timeout) faults the task and
/// nothing is retried behind the caller's back. Upserts from all the silo's grains share round trips
/// (<see cref="IndexGroupCommit"/>): a batch of both tables is one NpgsqlBatch, so one implicit transaction. Connections come from the same Npgsql
/// pool as the Orleans providers' (same connection string), so the process's connection cap still holds.
/// </remarks>
public sealed class PostgreSqlRegistryIndexStore : IRegistryIndexStore
{
    /// <summary>Enums by name: a stored contribution stays readable if an enum's members are ever reordered.</summary>
    private static readonly JsonSerializerOptions ContributionJson = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// Marks settled per sweep at most. Settling costs about 0.12 ms per mark (measured), so one call stays far below
    /// the 10 s command timeout even after an outage has piled marks up; a cap near the timeout would fail every
    /// sweep and never drain. At one sweep per 2 s this drains 2,500 marks/s, above the measured write rates.
    /// </summary>
    internal const int MaxMarksSettledPerCall = 5_000;

    private readonly string _connectionString;
    private readonly string _serviceId;
    private readonly IndexGroupCommit _upserts;

    public PostgreSqlRegistryIndexStore(string connectionString, string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        _connectionString = connectionString;
        _serviceId = serviceId;
        _upserts = new IndexGroupCommit(StoreBatchAsync);
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

    public Task UpsertSiteEntriesAsync(string siteId, IReadOnlyList<SiteCaseEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0 ? Task.CompletedTask : _upserts.AddSiteEntries(siteId, entries);
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

    public Task UpsertShardEntriesAsync(int shard, IReadOnlyList<ShardEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0 ? Task.CompletedTask : _upserts.AddShardEntries(shard, entries);
    }

    /// <summary>Even an empty replacement runs: it removes every row of the shard. Not batched: rebuilds are rare.</summary>
    public async Task ReplaceShardAsync(int shard, IReadOnlyList<ShardEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var batch = Newest(entries, entry => entry.CaseKey, entry => entry.Version);
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(RegistryIndexSql.ReplaceShard, connection)
        {
            Parameters =
            {
                Text(_serviceId),
                new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = shard },
                Array(NpgsqlDbType.Text, batch.Select(entry => entry.CaseKey).ToArray()),
                Array(NpgsqlDbType.Integer, batch.Select(entry => entry.Version).ToArray()),
                Array(NpgsqlDbType.Jsonb, batch.Select(entry => ContributionJsonOf(entry)).ToArray()),
            },
        };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>One round trip for everything the silo's grains queued meanwhile: the site rows, then the shard rows.</summary>
    private async Task StoreBatchAsync(IndexWriteBatch batch)
    {
        var sites = batch.SiteEntries;
        var shards = batch.ShardEntries;
        await using var connection = await OpenAsync();
        await using var commands = new NpgsqlBatch(connection);
        if (sites.Count > 0)
        {
            commands.BatchCommands.Add(new NpgsqlBatchCommand(RegistryIndexSql.UpsertSites)
            {
                Parameters =
                {
                    Text(_serviceId),
                    Array(NpgsqlDbType.Text, sites.Select(row => row.SiteId).ToArray()),
                    Array(NpgsqlDbType.Text, sites.Select(row => row.Entry.CaseId).ToArray()),
                    Array(NpgsqlDbType.Integer, sites.Select(row => row.Entry.Version).ToArray()),
                    Array(NpgsqlDbType.Boolean, sites.Select(row => row.Entry.Withdrawn).ToArray()),
                    Array(NpgsqlDbType.Text, sites.Select(row => row.Entry.CalcinosisType).ToArray()),
                    Array(NpgsqlDbType.Bigint, sites.Select(row => row.Entry.UpdatedAt.UtcTicks).ToArray()),
                },
            });
        }

        if (shards.Count > 0)
        {
            commands.BatchCommands.Add(new NpgsqlBatchCommand(RegistryIndexSql.UpsertShards)
            {
                Parameters =
                {
                    Text(_serviceId),
                    Array(NpgsqlDbType.Integer, shards.Select(row => row.Shard).ToArray()),
                    Array(NpgsqlDbType.Text, shards.Select(row => row.Entry.CaseKey).ToArray()),
                    Array(NpgsqlDbType.Integer, shards.Select(row => row.Entry.Version).ToArray()),
                    Array(NpgsqlDbType.Jsonb, shards.Select(row => ContributionJsonOf(row.Entry)).ToArray()),
                },
            });
        }

        await commands.ExecuteNonQueryAsync();
    }

    /// <summary>Nothing to do: the case state's own write marks the version pending, by trigger (migration 0007).</summary>
    public ValueTask RecordPendingAsync(string caseKey, int version) => ValueTask.CompletedTask;

    /// <summary>
    /// At most two round trips, whatever the backlog holds: the cases marked for longer than <paramref name="minimumAge"/>
    /// (at most <see cref="MaxMarksSettledPerCall"/>, oldest first, through migration 0015's index), then, if there are any, one call that deletes the marks their site and shard rows
    /// satisfy and returns the cases still behind (migration 0011). Settling happens here, not at every index batch,
    /// so the write path never touches the backlog beyond the trigger's one row.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindUnpublishedCasesAsync(TimeSpan minimumAge, int limit)
    {
        await using var connection = await OpenAsync();
        var aged = new List<string>();
        await using (var find = new NpgsqlCommand(RegistryIndexSql.FindAgedPending, connection)
        {
            Parameters =
            {
                Text(_serviceId),
                new NpgsqlParameter<double> { NpgsqlDbType = NpgsqlDbType.Double, TypedValue = minimumAge.TotalSeconds },
                new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = MaxMarksSettledPerCall },
            },
        })
        await using (var reader = await find.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                aged.Add(reader.GetString(0));
            }
        }

        if (aged.Count == 0)
        {
            return [];
        }

        aged = [.. aged.Distinct(StringComparer.Ordinal)];

        await using var settle = new NpgsqlCommand(RegistryIndexSql.SettlePublications, connection)
        {
            Parameters =
            {
                Text(_serviceId),
                Array(NpgsqlDbType.Text, aged.ToArray()),
                Array(NpgsqlDbType.Text, aged.Select(RegistryKeys.SiteOfCase).ToArray()),
                Array(NpgsqlDbType.Text, aged.Select(RegistryKeys.CaseIdOfCase).ToArray()),
                Array(NpgsqlDbType.Integer, aged.Select(RegistryKeys.ShardOf).ToArray()),
            },
        };
        var behind = new List<string>();
        await using var stillPending = await settle.ExecuteReaderAsync();
        while (behind.Count < limit && await stillPending.ReadAsync())
        {
            behind.Add(stillPending.GetString(0));
        }

        return behind;
    }

    private static string? ContributionJsonOf(ShardEntry entry) =>
        entry.Contribution is { } contribution ? JsonSerializer.Serialize(contribution, ContributionJson) : null;

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
