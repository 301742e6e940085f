using System.Data;
using System.Text;
using CalcinosisRegistry.Contracts.Telemetry;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.GrainState;
using Npgsql;
using NpgsqlTypes;

namespace CalcinosisRegistry.Persistence.PostgreSql.Audit;

/// <summary>
/// The durable audit log on the tables of migration 0005 (<c>audit_log</c>, <c>audit_head</c>).
/// </summary>
/// <remarks>
/// <para><b>Durability.</b> <see cref="AppendAsync"/> completes only after the transaction holding the entry has
/// committed with <c>synchronous_commit = on</c>, i.e. its WAL is on disk. A fault (unreachable server, timeout,
/// missing head row) faults the task; nothing is dropped or retried behind the caller's back. If the connection dies
/// during COMMIT the outcome is unknown and the caller is told it failed: the entry may then exist although the
/// request was answered 503, an over-report, never an under-report.</para>
/// <para><b>One chain across processes.</b> Each transaction first locks the single <c>audit_head</c> row
/// (SELECT ... FOR UPDATE), computes the next entries' hashes from it in C#, inserts them and moves the head. Every
/// appender of every silo and front end queues on that row lock, so sequences are gap-free and each entry links to
/// its true predecessor; the primary key on sequence is a second line of defence.</para>
/// <para><b>Group commit.</b> Within a process, callers that arrive while a transaction is in flight wait for the
/// next one, which takes all of them (up to <see cref="MaxEntriesPerTransaction"/>): one lock, one batch of inserts
/// and one commit for many requests, instead of one round trip each. A failed transaction fails exactly the callers
/// it carried; the next batch starts afresh.</para>
/// <para><b>One round trip while uncontended.</b> After a commit the process knows the head it left. The next batch
/// is hashed from that head and sent as one round trip (BEGIN; SET LOCAL; one statement that moves the head only
/// if it is unmoved and inserts the entries only then; COMMIT). If another process appended meanwhile, nothing is
/// inserted and the batch is redone the locking way above, which reads the true head. After any fault the known
/// head is forgotten (a COMMIT whose outcome is unknown may or may not have moved it).</para>
/// <para><b>Entries that record a grain state write</b> (<see cref="WriteStateWithEntryAsync"/>, the case writes of the
/// silo's API) commit in the same transaction as that write: the rows are written and the entries appended by one
/// statement, the entries only if every row was stored. If a row was refused (a stale or duplicate first write) or
/// the head had moved, the stored rows are committed without entries and the batch's entries, less those of refused
/// writes, are appended the locking way before anyone is answered. So a write's caller learns it was stored only
/// once its entry is committed too, and a refused write leaves no entry (its caller goes on and is audited later).
/// One writer per process carries both, so the known head stays this process's own.</para>
/// </remarks>
public sealed class PostgreSqlAuditLog : IAuditLog, IAsyncDisposable
{
    /// <summary>Caps one transaction so a burst cannot hold the head lock (and other processes) for long.</summary>
    public const int MaxEntriesPerTransaction = 500;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly Lock _gate = new();
    private List<PendingAuditAppend> _waiting = [];
    private Task? _writer;
    private bool _disposed;

    /// <summary>The head as this process's last commit left it; only the writer loop touches it.</summary>
    private AuditHead? _knownHead;

    /// <summary>
    /// Opens its own pool. Pool size, connect and command timeouts default as for the Orleans providers
    /// (<see cref="RegistryPostgreSqlHosting.WithPoolSize"/>) so an unreachable database fails in seconds.
    /// </summary>
    public PostgreSqlAuditLog(string connectionString)
        : this(NpgsqlDataSource.Create(RegistryPostgreSqlHosting.WithPoolSize(connectionString, RegistryPostgreSqlHosting.DefaultMaxPoolSize)), ownsDataSource: true)
    {
    }

    /// <summary>Uses a pool owned (and disposed) by the caller.</summary>
    public PostgreSqlAuditLog(NpgsqlDataSource dataSource)
        : this(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), ownsDataSource: false)
    {
    }

    private PostgreSqlAuditLog(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    public Task AppendAsync(AuditEvent e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        ct.ThrowIfCancellationRequested();
        // Normalised (and validated) here, so a malformed event fails its own caller rather than the batch it joins.
        var pending = new PendingAuditAppend(AuditChain.Normalize(e));
        Enqueue(pending);

        // A caller that gives up still has its event written (the batch is shared); it merely stops waiting.
        return pending.Committed.WaitAsync(ct);
    }

    /// <summary>
    /// Writes a grain state row of <paramref name="serviceId"/> and appends <paramref name="e"/> in the same
    /// transaction. Completes with the row's new version once both are committed, or with null when the row refused
    /// the write, in which case <paramref name="e"/> is not appended.
    /// </summary>
    internal Task<int?> WriteStateWithEntryAsync(string serviceId, PendingGrainStateWrite write, AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(write);
        Enqueue(new PendingAuditAppend(AuditChain.Normalize(e), serviceId, write));
        return write.Outcome;
    }

    private void Enqueue(PendingAuditAppend pending)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _waiting.Add(pending);
            // At most one writer per instance: while it runs, newcomers accumulate in _waiting for its next batch.
            _writer ??= Task.Run(WriteUntilIdleAsync, CancellationToken.None);
        }
    }

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
            sql.Append(" AND sequence > @after");
            command.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = after });
        }

        // One row more than the page tells whether another page follows.
        sql.Append(" ORDER BY sequence LIMIT @limit");
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

        return new AuditPage(entries, hasMore ? entries[^1].Sequence : null);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        // One snapshot for the head and the rows: under READ COMMITTED an append committed between the two reads
        // would look like entries added behind the head's back.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);

        AuditHead? head = null;
        await using (var readHead = new NpgsqlCommand(AuditLogSql.ReadHead, connection, transaction))
        await using (var reader = await readHead.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                head = new AuditHead(reader.GetInt64(0), reader.GetString(1));
            }
        }

        if (head is null)
        {
            return new AuditVerification(false, 0, null,
                "The audit head row is missing: without it a removed tail cannot be ruled out (was audit_head emptied?).");
        }

        // Streamed row by row (Npgsql buffers one row at a time, not the result): the log may be far larger than memory.
        var verifier = new AuditChainVerifier();
        await using (var readAll = new NpgsqlCommand(AuditLogSql.ReadAllInOrder, connection, transaction))
        await using (var reader = await readAll.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (!verifier.Accept(AuditLogSql.ReadEntry(reader)))
                {
                    break;
                }
            }
        }

        await transaction.CommitAsync(ct);
        return verifier.Complete(head);
    }

    /// <summary>Waits for queued appends to be written, then closes the pool if this instance opened it.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? writer;
        lock (_gate)
        {
            _disposed = true;
            writer = _writer;
        }

        if (writer is not null)
        {
            await writer.ConfigureAwait(false);
        }

        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

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

    /// <summary>The single writer loop: takes everything waiting, commits it as one transaction, repeats until idle.</summary>
    private async Task WriteUntilIdleAsync()
    {
        while (true)
        {
            List<PendingAuditAppend> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writer = null;
                    return;
                }

                batch = TakeBatch();
            }

            RegistryMetrics.GroupCommitBatchSize.Record(batch.Count, new KeyValuePair<string, object?>("loop", "audit"));
            try
            {
                await WriteBatchAsync(batch).ConfigureAwait(false);
                foreach (var pending in batch)
                {
                    pending.MarkCommitted();
                }
            }
            catch (Exception exception)
            {
                // Every caller of this batch learns of the fault (and answers 503); the loop itself survives, so
                // appends resume as soon as the database does.
                foreach (var pending in batch)
                {
                    pending.MarkFailed(exception);
                }
            }
        }
    }

    /// <summary>
    /// The next batch, in arrival order, of at most <see cref="MaxEntriesPerTransaction"/> entries. Its state writes
    /// share one service and touch each row at most once: the statement answers per row, so two writes of one row in
    /// it could not both learn their outcome. What does not fit waits for the next batch (a grain never has two
    /// writes in flight, so this happens only to a second caller of the storage). Called under the lock.
    /// </summary>
    private List<PendingAuditAppend> TakeBatch()
    {
        var batch = new List<PendingAuditAppend>(Math.Min(_waiting.Count, MaxEntriesPerTransaction));
        var later = new List<PendingAuditAppend>();
        var rows = new HashSet<(string, string)>();
        string? serviceId = null;
        foreach (var pending in _waiting)
        {
            var fits = batch.Count < MaxEntriesPerTransaction;
            if (fits && pending.StateWrite is { } write)
            {
                serviceId ??= pending.ServiceId;
                fits = string.Equals(pending.ServiceId, serviceId, StringComparison.Ordinal)
                    && rows.Add((write.StateName, write.GrainKey));
            }

            (fits ? batch : later).Add(pending);
        }

        _waiting = later;
        return batch;
    }

    private async Task WriteBatchAsync(List<PendingAuditAppend> batch)
    {
        var knownHead = _knownHead;
        _knownHead = null;
        if (knownHead is not null && await TryAppendAfterKnownHeadAsync(knownHead, batch).ConfigureAwait(false))
        {
            return;
        }

        await AppendUnderHeadLockAsync(batch).ConfigureAwait(false);
    }

    /// <summary>
    /// One round trip: the batch's state rows (if any) and its entries, hashed from the head this process left. False
    /// when the entries were not appended (another process appended since, or a state row was refused); the rows that
    /// were stored are then committed and answered, and the locking path appends the entries.
    /// </summary>
    private async Task<bool> TryAppendAfterKnownHeadAsync(AuditHead knownHead, List<PendingAuditAppend> batch)
    {
        // Hashed as if every state write will be stored; if one is not, nothing is appended here.
        var (entries, head) = Chain(knownHead, batch);
        var writes = batch.Where(pending => pending.StateWrite is not null).ToList();
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var write = new NpgsqlBatch(connection);
        write.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));
        write.BatchCommands.Add(new NpgsqlBatchCommand(AuditLogSql.RequireSynchronousCommit));
        if (writes.Count == 0)
        {
            var append = AuditLogSql.AppendIfHeadUnmovedCommand(knownHead, head, entries);
            write.BatchCommands.Add(append);
            write.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            await write.ExecuteNonQueryAsync().ConfigureAwait(false);
            if (append.RecordsAffected == entries.Count)
            {
                _knownHead = head;
                return true;
            }

            // Another process appended since: nothing was inserted, and the head must be read under its lock.
            return false;
        }

        var serviceId = writes[0].ServiceId!;
        write.BatchCommands.Add(AuditLogSql.WriteStatesAndAppendIfAllStoredCommand(
            serviceId, [.. writes.Select(pending => pending.StateWrite!)], knownHead, head, entries));
        write.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        var appended = 0;
        await using (var reader = await write.ExecuteReaderAsync().ConfigureAwait(false))
        {
            // Every stored row carries the count of entries appended.
            await AnswerStatesAsync(reader, writes, row => appended = row.GetInt32(3)).ConfigureAwait(false);
        }

        if (appended == entries.Count)
        {
            _knownHead = head;
            return true;
        }

        return false;
    }

    private async Task AppendUnderHeadLockAsync(List<PendingAuditAppend> batch)
    {
        // No caller's token here: the batch belongs to many callers. Connect and command timeouts bound it.
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted).ConfigureAwait(false);

        // State rows not yet written (no known head, or the fast path failed before) go first: rows before the head,
        // the order the one-statement path locks them in.
        var unwritten = batch.Where(pending => pending.StateWrite is not null && !pending.StateAnswered).ToList();
        if (unwritten.Count > 0)
        {
            await WriteStatesAsync(connection, transaction, unwritten).ConfigureAwait(false);
        }

        AuditHead lockedHead;
        await using (var lockHead = new NpgsqlCommand(AuditLogSql.LockHead, connection, transaction))
        await using (var reader = await lockHead.ExecuteReaderAsync().ConfigureAwait(false))
        {
            if (!await reader.ReadAsync().ConfigureAwait(false))
            {
                throw new InvalidOperationException(
                    "The audit_head row is missing, so the audit chain cannot be continued safely. Has migration 0005_audit_log run?");
            }

            lockedHead = new AuditHead(reader.GetInt64(0), reader.GetString(1));
        }

        // The same guarded statement as the fast path; holding the lock, its guard can only fail through a bug.
        var (entries, head) = Chain(lockedHead, batch.Where(pending => pending.BelongsInChain));
        await using var write = new NpgsqlBatch(connection, transaction);
        write.BatchCommands.Add(new NpgsqlBatchCommand(AuditLogSql.RequireSynchronousCommit));
        var append = AuditLogSql.AppendIfHeadUnmovedCommand(lockedHead, head, entries);
        write.BatchCommands.Add(append);
        await write.ExecuteNonQueryAsync().ConfigureAwait(false);
        if (append.RecordsAffected != entries.Count)
        {
            throw new InvalidOperationException("The audit head moved while locked; the batch was not committed.");
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        _knownHead = head;
    }

    /// <summary>Writes the state rows of <paramref name="unwritten"/> in the transaction and tells each its outcome.</summary>
    private static async Task WriteStatesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<PendingAuditAppend> unwritten)
    {
        await using var command = new NpgsqlCommand(GrainStateSql.WriteMany, connection, transaction);
        GrainStateSql.AddWrites(command.Parameters, unwritten[0].ServiceId!, [.. unwritten.Select(pending => pending.StateWrite!)]);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await AnswerStatesAsync(reader, unwritten).ConfigureAwait(false);
    }

    /// <summary>Reads the stored rows of a state write's result and tells each pending state write its outcome.</summary>
    private static async Task AnswerStatesAsync(NpgsqlDataReader reader, List<PendingAuditAppend> withStates, Action<NpgsqlDataReader>? readRest = null)
    {
        var stored = await GrainStateSql.ReadStoredVersionsAsync(reader, readRest).ConfigureAwait(false);
        foreach (var pending in withStates)
        {
            pending.AnswerState(GrainStateSql.VersionOf(stored, pending.StateWrite!));
        }
    }

    /// <summary>The batch's entries hashed one after the other from <paramref name="from"/>, and the head they leave.</summary>
    private static (List<AuditEntry> Entries, AuditHead Head) Chain(AuditHead from, IEnumerable<PendingAuditAppend> batch)
    {
        var entries = new List<AuditEntry>();
        var head = from;
        foreach (var pending in batch)
        {
            var entry = AuditChain.AppendAfter(head, pending.Event);
            entries.Add(entry);
            head = entry.ToHead();
        }

        return (entries, head);
    }
}
