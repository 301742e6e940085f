using CalcinosisRegistry.Contracts.Bulk;
using Npgsql;
using NpgsqlTypes;

namespace CalcinosisRegistry.Persistence.PostgreSql.Bulk;

/// <summary>
/// The durable <see cref="IImportStagingStore"/>: <c>import_staging</c>, <c>import_staged_case</c> and
/// <c>import_staged_fault</c> (migration 0050), scoped by the Orleans service id. Cases and faults are appended with
/// binary COPY; outcomes are stored a batch per statement.
/// </summary>
public sealed class PostgreSqlImportStagingStore : IImportStagingStore, IAsyncDisposable
{
    /// <summary>Dropping a large expired import deletes a row per case; it may take longer than a case write's timeout.</summary>
    private const int PurgeTimeoutSeconds = 300;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;

    public PostgreSqlImportStagingStore(string connectionString, string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        _dataSource = NpgsqlDataSource.Create(RegistryPostgreSqlHosting.WithPoolSize(connectionString, RegistryPostgreSqlHosting.DefaultMaxPoolSize));
        _serviceId = serviceId;
    }

    public async Task CreateAsync(string importKey, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var purge = new NpgsqlCommand("DELETE FROM import_staging WHERE service_id = $1 AND expires_at <= $2", connection)
        {
            CommandTimeout = PurgeTimeoutSeconds,
            Parameters = { Text(_serviceId), new NpgsqlParameter { Value = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz } },
        })
        {
            await purge.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var create = new NpgsqlCommand("INSERT INTO import_staging (service_id, import_key, expires_at) VALUES ($1, $2, $3)", connection)
        {
            Parameters = { Text(_serviceId), Text(importKey), new NpgsqlParameter { Value = expiresAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz } },
        };
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AppendAsync(string importKey, IReadOnlyList<ImportCase> cases, int firstFault, IReadOnlyList<ImportFaultEntry> faults, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (cases.Count > 0)
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY import_staged_case (service_id, import_key, ordinal, case_id, preview, changed_fields, base_version, document) FROM STDIN (FORMAT BINARY)",
                cancellationToken);
            foreach (var item in cases)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(_serviceId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(importKey, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(item.Ordinal, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(item.CaseId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync((short)item.Preview, NpgsqlDbType.Smallint, cancellationToken);
                await copy.WriteAsync(item.ChangedFields.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(item.BaseVersion, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(copy, item.DocumentJson, NpgsqlDbType.Text, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        if (faults.Count > 0)
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY import_staged_fault (service_id, import_key, ordinal, case_id, message, file, row_number, column_name, line, json_path) FROM STDIN (FORMAT BINARY)",
                cancellationToken);
            for (var i = 0; i < faults.Count; i++)
            {
                var fault = faults[i];
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(_serviceId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(importKey, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(firstFault + i, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(copy, fault.CaseId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(fault.Message, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, fault.File, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, fault.Row, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(copy, fault.Column, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, fault.Line, NpgsqlDbType.Bigint, cancellationToken);
                await WriteNullableAsync(copy, fault.JsonPath, NpgsqlDbType.Text, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<ImportCase>> ReadCasesAsync(string importKey, int offset, int limit, CancellationToken cancellationToken) =>
        ReadCasesAsync(
            "SELECT ordinal, case_id, preview, changed_fields, base_version, outcome, version_after, NULL FROM import_staged_case " +
            "WHERE service_id = $1 AND import_key = $2 AND ordinal >= $3 ORDER BY ordinal LIMIT $4",
            importKey, offset, limit, cancellationToken);

    public Task<IReadOnlyList<ImportCase>> ReadPendingAsync(string importKey, int afterOrdinal, int limit, CancellationToken cancellationToken) =>
        ReadCasesAsync(
            "SELECT ordinal, case_id, preview, changed_fields, base_version, outcome, version_after, document FROM import_staged_case " +
            $"WHERE service_id = $1 AND import_key = $2 AND ordinal > $3 AND outcome = {(int)ImportOutcome.Pending} AND preview <> {(int)ImportPreview.Refused} " +
            "ORDER BY ordinal LIMIT $4",
            importKey, afterOrdinal, limit, cancellationToken);

    public async Task<IReadOnlyList<ImportFaultEntry>> ReadFaultsAsync(string importKey, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT case_id, message, file, row_number, column_name, line, json_path FROM import_staged_fault " +
            "WHERE service_id = $1 AND import_key = $2 AND ordinal >= $3 ORDER BY ordinal LIMIT $4");
        command.Parameters.AddRange((NpgsqlParameter[])[Text(_serviceId), Text(importKey), Integer(offset), Integer(limit)]);
        var faults = new List<ImportFaultEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            faults.Add(new ImportFaultEntry(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return faults;
    }

    public async Task RecordOutcomesAsync(string importKey, IReadOnlyList<ImportCase> written, CancellationToken cancellationToken)
    {
        if (written.Count == 0)
        {
            return;
        }

        await using var command = _dataSource.CreateCommand(
            "UPDATE import_staged_case AS s SET outcome = u.outcome, version_after = u.version_after, document = NULL " +
            "FROM unnest($3::integer[], $4::smallint[], $5::integer[]) AS u(ordinal, outcome, version_after) " +
            "WHERE s.service_id = $1 AND s.import_key = $2 AND s.ordinal = u.ordinal");
        command.Parameters.AddRange((NpgsqlParameter[])[
            Text(_serviceId), Text(importKey),
            new NpgsqlParameter { Value = written.Select(c => c.Ordinal).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
            new NpgsqlParameter { Value = written.Select(c => (short)c.Outcome).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint },
            new NpgsqlParameter { Value = written.Select(c => c.VersionAfter).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
        ]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ImportCounts> CountOutcomesAsync(string importKey, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT outcome, count(*)::integer FROM import_staged_case WHERE service_id = $1 AND import_key = $2 GROUP BY outcome");
        command.CommandTimeout = PurgeTimeoutSeconds;
        command.Parameters.AddRange((NpgsqlParameter[])[Text(_serviceId), Text(importKey)]);
        var counts = new Dictionary<ImportOutcome, int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[(ImportOutcome)reader.GetInt16(0)] = reader.GetInt32(1);
        }

        int Count(ImportOutcome outcome) => counts.GetValueOrDefault(outcome);
        return new ImportCounts(Created: Count(ImportOutcome.Created), Replaced: Count(ImportOutcome.Replaced),
            Unchanged: Count(ImportOutcome.Unchanged), ChangedSincePreview: Count(ImportOutcome.ChangedSincePreview),
            Pending: Count(ImportOutcome.Pending));
    }

    public async Task DeleteAsync(string importKey, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM import_staging WHERE service_id = $1 AND import_key = $2");
        command.CommandTimeout = PurgeTimeoutSeconds;
        command.Parameters.AddRange((NpgsqlParameter[])[Text(_serviceId), Text(importKey)]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<IReadOnlyList<ImportCase>> ReadCasesAsync(string sql, string importKey, int from, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange((NpgsqlParameter[])[Text(_serviceId), Text(importKey), Integer(from), Integer(limit)]);
        var cases = new List<ImportCase>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cases.Add(new ImportCase(
                reader.GetString(1),
                (ImportPreview)reader.GetInt16(2),
                reader.GetFieldValue<string[]>(3),
                reader.GetInt32(4),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                (ImportOutcome)reader.GetInt16(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.GetInt32(0)));
        }

        return cases;
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(cancellationToken);
        }
        else
        {
            await copy.WriteAsync(value, type, cancellationToken);
        }
    }

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Integer(int value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Integer };
}
