using System.Data;
using System.Text;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.Commit;
using Npgsql;
using NpgsqlTypes;

namespace CalcinosisRegistry.Persistence.PostgreSql.Audit;

/// <summary>
/// The durable audit log on the tables of migrations 0005 and 0040 (<c>audit_log</c>, <c>audit_chain_head</c>,
/// <c>audit_anchor</c>, and the original chain's <c>audit_head</c>): listing, verifying, and the anchors of its
/// writer's chain. Entries are written by the process's one group-commit writer (<see cref="GroupCommitWriter"/>),
/// which this log owns: <see cref="AppendAsync"/> hands it an entry alone, and the grain storage hands it case
/// states with their entries (<see cref="Writer"/>).
/// </summary>
/// <remarks>
/// <para><b>Durability.</b> <see cref="AppendAsync"/> completes only after the transaction holding the entry has
/// committed with <c>synchronous_commit = on</c>. A fault faults the task; nothing is dropped or retried behind the
/// caller's back. If the connection dies during COMMIT the entry may exist although the request was answered 503, an
/// over-report, never an under-report.</para>
/// <para><b>One chain per writer.</b> The writer appends to a chain of its own (<see cref="Chain"/>), so the writers of
/// different silos and front ends never wait for each other; <see cref="AuditAnchorPublisher"/> anchors every chain's
/// head while it appends, and <see cref="VerifyAsync"/> checks every chain, its head and the anchors
/// (<see cref="AuditLedgerVerifier"/>).</para>
/// </remarks>
public sealed class PostgreSqlAuditLog : IAuditLog, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly AuditAnchorPublisher _anchors;
    private int _disposed;

    /// <summary>
    /// Opens its own pool. Pool size, connect and command timeouts default as for the Orleans providers
    /// (<see cref="RegistryPostgreSqlHosting.WithPoolSize"/>) so an unreachable database fails in seconds.
    /// </summary>
    public PostgreSqlAuditLog(string connectionString)
        : this(OpenPool(connectionString), ownsDataSource: true, betweenStatements: null)
    {
    }

    /// <summary>Uses a pool owned (and disposed) by the caller.</summary>
    public PostgreSqlAuditLog(NpgsqlDataSource dataSource)
        : this(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), ownsDataSource: false, betweenStatements: null)
    {
    }

    /// <summary>For tests: <paramref name="betweenStatements"/> runs between the statements of the writer's locking transaction.</summary>
    internal PostgreSqlAuditLog(string connectionString, CommitStepHook betweenStatements)
        : this(OpenPool(connectionString), ownsDataSource: true, betweenStatements)
    {
    }

    private PostgreSqlAuditLog(NpgsqlDataSource dataSource, bool ownsDataSource, CommitStepHook? betweenStatements)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        Writer = new GroupCommitWriter(dataSource, betweenStatements);
        _anchors = new AuditAnchorPublisher(dataSource, Writer);
    }

    /// <summary>The process's one group-commit writer, which appends this log's entries and commits the case states.</summary>
    internal GroupCommitWriter Writer { get; }

    /// <summary>The chain this log's writer appends to.</summary>
    public string Chain => Writer.Chain;

    public Task AppendAsync(AuditEvent e, CancellationToken ct) => Writer.AppendAsync(e, ct);

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.EnsureValid();

        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {AuditLogSql.EntryColumns} FROM audit_log WHERE true");
        AddTextFilter(command, sql, "actor", query.Actor);
        AddTextFilter(command, sql, "site_id", query.SiteId);
        AddTextFilter(command, sql, "case_id", query.CaseId);
        AddTextFilter(command, sql, "action", query.Action);
        AddTextFilter(command, sql, "outcome", query.Outcome);
        if (query.From is { } from)
        {
            sql.Append(" AND occurred_at >= @from");
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", NpgsqlDbType.TimestampTz) { TypedValue = from.ToUniversalTime() });
        }

        if (query.To is { } to)
        {
            sql.Append(" AND occurred_at < @to");
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", NpgsqlDbType.TimestampTz) { TypedValue = to.ToUniversalTime() });
        }

        if (query.AfterSequence is { } after)
        {
            sql.Append(" AND position > @after");
            command.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = after });
        }

        // One row more than the page tells whether another page follows.
        sql.Append(" ORDER BY position LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = query.Limit + 1 });
        command.CommandText = sql.ToString();

        var entries = new List<AuditEntry>(Math.Min(query.Limit + 1, 256));
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                entries.Add(AuditLogSql.ReadEntry(reader));
            }
        }

        var hasMore = entries.Count > query.Limit;
        if (hasMore)
        {
            entries.RemoveAt(entries.Count - 1);
        }

        return new AuditPage(entries, hasMore ? entries[^1].Position : null);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        // One snapshot for the heads, the anchors and the rows: under READ COMMITTED an append committed between the
        // reads would look like entries added behind a head's back.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);

        var heads = new Dictionary<string, AuditHead>(StringComparer.Ordinal);
        await using (var readHeads = new NpgsqlCommand(AuditLogSql.ReadHeads, connection, transaction))
        await using (var reader = await readHeads.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                heads[reader.GetString(0)] = new AuditHead(reader.GetInt64(1), reader.GetString(2));
            }
        }

        AuditHead? anchorHead = null;
        await using (var readAnchorHead = new NpgsqlCommand(AuditLogSql.ReadAnchorHead, connection, transaction))
        await using (var reader = await readAnchorHead.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                anchorHead = new AuditHead(reader.GetInt64(0), reader.GetString(1));
            }
        }

        if (!heads.ContainsKey("") || anchorHead is null)
        {
            return new AuditVerification(false, 0, null,
                "The original audit head row or the anchor head row is missing: without it a removed tail cannot be ruled out (was audit_head or audit_anchor_head emptied?).");
        }

        var verifier = new AuditLedgerVerifier(heads);
        await using (var readAnchors = new NpgsqlCommand(AuditLogSql.ReadAnchorsInOrder, connection, transaction))
        await using (var reader = await readAnchors.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct) && verifier.AcceptAnchor(AuditLogSql.ReadAnchor(reader)))
            {
            }
        }

        if (verifier.CompleteAnchors(anchorHead))
        {
            // Streamed row by row (Npgsql buffers one row at a time, not the result): the log may be far larger than memory.
            await using var readAll = new NpgsqlCommand(AuditLogSql.ReadAllByChain, connection, transaction);
            await using var reader = await readAll.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct) && verifier.Accept(AuditLogSql.ReadEntry(reader)))
            {
            }
        }

        await transaction.CommitAsync(ct);
        return verifier.Complete();
    }

    /// <summary>Records, as the next anchor, the head of every chain (of any writer) that moved since the last anchor.</summary>
    public Task PublishAnchorAsync(CancellationToken ct) => _anchors.PublishAsync(ct);

    /// <summary>Waits for queued commits to be written, anchors them, then closes the pool if this instance opened it.</summary>
    public async ValueTask DisposeAsync()
    {
        // A host disposes a service once per registration it resolved (itself and its interfaces), so a second call
        // must find nothing left to do.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await Writer.StopAsync().ConfigureAwait(false);
        await _anchors.StopAsync().ConfigureAwait(false);
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static NpgsqlDataSource OpenPool(string connectionString) =>
        NpgsqlDataSource.Create(RegistryPostgreSqlHosting.WithPoolSize(connectionString, RegistryPostgreSqlHosting.DefaultMaxPoolSize));

    private static void AddTextFilter(NpgsqlCommand command, StringBuilder sql, string column, string? value)
    {
        if (value is null)
        {
            return;
        }

        // The column name comes from the fixed list above, never from the caller; the value is a parameter.
        sql.Append(" AND ").Append(column).Append(" = @").Append(column);
        command.Parameters.Add(AuditLogSql.Text(column, value));
    }
}
