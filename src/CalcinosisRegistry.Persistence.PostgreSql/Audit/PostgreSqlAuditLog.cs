using System.Data;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CalcinosisRegistry.Contracts.Telemetry;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.GrainState;
using Npgsql;
using NpgsqlTypes;

namespace CalcinosisRegistry.Persistence.PostgreSql.Audit;

/// <summary>
/// The durable audit log on the tables of migrations 0005 and 0040 (<c>audit_log</c>, <c>audit_chain_head</c>,
/// <c>audit_anchor</c>, and the original chain's <c>audit_head</c>).
/// </summary>
/// <remarks>
/// <para><b>Durability.</b> <see cref="AppendAsync"/> completes only after the transaction holding the entry has
/// committed with <c>synchronous_commit = on</c>, i.e. its WAL is on disk. A fault (unreachable server, timeout,
/// missing head row) faults the task; nothing is dropped or retried behind the caller's back. If the connection dies
/// during COMMIT the outcome is unknown and the caller is told it failed: the entry may then exist although the
/// request was answered 503, an over-report, never an under-report.</para>
/// <para><b>One chain per writer.</b> Each instance appends to a chain of its own (<see cref="Chain"/>, a generated
/// name) with its own head row in <c>audit_chain_head</c>, so the writers of different silos and front ends never wait
/// for each other. Within the chain the locking transaction locks that head row (SELECT ... FOR UPDATE), so
/// sequences are gap-free and each entry links to its true predecessor; the primary key (chain, sequence) is a second
/// line of defence. Every <see cref="AnchorInterval"/>, and when disposed, a writer that appended publishes an
/// anchor recording the head of every chain that moved (<see cref="PublishAnchorAsync"/>); <see cref="VerifyAsync"/>
/// checks every chain, its head and the anchors (<see cref="AuditLedgerVerifier"/>).</para>
/// <para><b>Group commit.</b> Within a process, callers that arrive while a transaction is in flight wait for the
/// next one, which takes all of them (up to <see cref="MaxEntriesPerTransaction"/>): one lock, one batch of inserts
/// and one commit for many requests, instead of one round trip each. A failed transaction fails exactly the callers
/// it carried; the next batch starts afresh.</para>
/// <para><b>One round trip while uncontended.</b> After a commit the process knows the head it left. The next batch
/// is hashed from that head and sent as one round trip (BEGIN; SET LOCAL; one statement that writes the batch's state
/// rows, moves the head only if it is unmoved and every row was stored, and inserts the entries only then; COMMIT).
/// If someone else appended to this chain meanwhile (which only a second instance of the same name could), or a row was refused, the statement raises instead (migration 0013), so the
/// transaction aborts with everything it wrote, and the batch is redone the locking way above, which reads the true
/// head. After any fault the known head is forgotten (a COMMIT whose outcome is unknown may or may not have moved it).</para>
/// <para><b>Entries that record a grain state write</b> (<see cref="WriteStateWithEntryAsync"/>, the case writes of the
/// silo's API) commit in the same transaction as that write, on either path, always: a state change and its entry are
/// committed together or not at all. A refused write (a stale or duplicate first write) appends no entry; its caller
/// is told, goes on and is audited later. So a write's caller learns it was stored only once its entry is committed
/// too. One writer per process carries both, so the known head stays this process's own.</para>
/// </remarks>
public sealed class PostgreSqlAuditLog : IAuditLog, IAsyncDisposable
{
    /// <summary>Caps one transaction so a burst cannot hold the head lock (and other processes) for long.</summary>
    public const int MaxEntriesPerTransaction = 500;

    /// <summary>How often a writer that appended publishes an anchor of every chain's head.</summary>
    public static readonly TimeSpan AnchorInterval = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly AuditWriteStepHook? _betweenStatements;
    /// <summary>The one group-commit loop (shared with the other group commits); it guards <see cref="_waiting"/>.</summary>
    private readonly GroupCommitLoop<AuditBatch> _loop;
    private List<PendingAuditAppend> _waiting = [];

    /// <summary>The head as this process's last commit left it; only the writer loop touches it.</summary>
    private AuditHead? _knownHead;

    /// <summary>Whether this writer's head row exists (it is made by the first batch); only the writer loop touches it.</summary>
    private bool _chainStarted;

    /// <summary>Set by each commit, cleared by each anchor: an idle writer publishes nothing.</summary>
    private volatile bool _appendedSinceAnchor;

    private readonly CancellationTokenSource _stopAnchoring = new();
    private int _disposed;
    private readonly Task _anchoring;

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

    /// <summary>For tests: <paramref name="betweenStatements"/> runs between the statements of the locking transaction.</summary>
    internal PostgreSqlAuditLog(string connectionString, AuditWriteStepHook betweenStatements)
        : this(NpgsqlDataSource.Create(RegistryPostgreSqlHosting.WithPoolSize(connectionString, RegistryPostgreSqlHosting.DefaultMaxPoolSize)), ownsDataSource: true)
    {
        _betweenStatements = betweenStatements;
    }

    private PostgreSqlAuditLog(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        // No gather time: the audit writer's transactions wait for a WAL flush each, during which the next batch
        // gathers anyway (a 1 ms gather measured slightly worse, docs/benchmarks.md, ninth session).
        _loop = new GroupCommitLoop<AuditBatch>(TakeBatch, WriteBatchAsync, (batch, failure) => batch.Complete(failure), "audit",
            batch => batch.Appends.Count, gatherTime: TimeSpan.Zero);
        Chain = NewChainName();
        _anchoring = Task.Run(AnchorPeriodicallyAsync, CancellationToken.None);
    }

    /// <summary>The chain this writer appends to: the machine's name, the process id and a random part.</summary>
    public string Chain { get; }

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

    /// <summary>Queues for the loop: while a batch is in flight, newcomers accumulate in <see cref="_waiting"/> for the next.</summary>
    private void Enqueue(PendingAuditAppend pending) =>
        _loop.Enqueue(() =>
        {
            _waiting.Add(pending);
            return true;
        });

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

    /// <summary>
    /// Records, as the next anchor, the head of every chain (of any writer) that moved since the last anchor; nothing
    /// when none did. One short transaction under the anchor head's lock, which only publishers take.
    /// </summary>
    public async Task PublishAnchorAsync(CancellationToken ct)
    {
        _appendedSinceAnchor = false;
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
        AuditHead anchorHead;
        await using (var lockAnchorHead = new NpgsqlCommand(AuditLogSql.LockAnchorHead, connection, transaction))
        await using (var reader = await lockAnchorHead.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The audit_anchor_head row is missing. Has migration 0040_audit_chain_per_writer run?");
            }

            anchorHead = new AuditHead(reader.GetInt64(0), reader.GetString(1));
        }

        var moved = new Dictionary<string, AuditHead>(StringComparer.Ordinal);
        await using (var takeMoved = new NpgsqlCommand(AuditLogSql.TakeMovedHeads, connection, transaction))
        await using (var reader = await takeMoved.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                moved[reader.GetString(0)] = new AuditHead(reader.GetInt64(1), reader.GetString(2));
            }
        }

        if (moved.Count == 0)
        {
            return;
        }

        var anchor = AuditAnchorChain.AppendAfter(anchorHead, DateTimeOffset.UtcNow, moved);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(AuditLogSql.RequireSynchronousCommit));
        var append = new NpgsqlBatchCommand(AuditLogSql.AppendAnchor);
        append.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = anchor.Sequence });
        append.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = anchor.PublishedAt });
        append.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = anchor.Heads });
        append.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = anchor.PreviousHash });
        append.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = anchor.Hash });
        batch.BatchCommands.Add(append);
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        RegistryMetrics.AuditAnchors.Add(1, new KeyValuePair<string, object?>("outcome", "published"));
    }

    /// <summary>Waits for queued appends to be written, then closes the pool if this instance opened it.</summary>
    public async ValueTask DisposeAsync()
    {
        // A host disposes a service once per registration it resolved (itself and its interfaces), so a second call
        // must find nothing left to do rather than a disposed token source.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _loop.StopAsync().ConfigureAwait(false);

        await _stopAnchoring.CancelAsync().ConfigureAwait(false);
        await _anchoring.ConfigureAwait(false);
        _stopAnchoring.Dispose();
        if (_appendedSinceAnchor)
        {
            // The last appends of a stopping writer get their anchor now. Best effort: a database that is gone cannot
            // take it, and the chain's head row still guards its tail.
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await PublishAnchorAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or InvalidOperationException)
            {
                RegistryMetrics.AuditAnchors.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            }
        }

        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task AnchorPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(AnchorInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopAnchoring.Token).ConfigureAwait(false))
            {
                if (!_appendedSinceAnchor)
                {
                    continue;
                }

                try
                {
                    await PublishAnchorAsync(_stopAnchoring.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Whatever the fault, the loop survives and the next tick tries again; until then the chains'
                    // head rows guard their tails.
                    _appendedSinceAnchor = true;
                    RegistryMetrics.AuditAnchors.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A chain name no other writer has: where it runs, which process, and 48 random bits.</summary>
    private static string NewChainName()
    {
        var machine = new string([.. Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').Take(40)]);
        var name = $"{(machine.Length == 0 ? "host" : machine)}.{Environment.ProcessId}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        Debug.Assert(AuditChain.IsValidChainName(name));
        return name;
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

    /// <summary>
    /// The next batch, in arrival order, of at most <see cref="MaxEntriesPerTransaction"/> entries. Its state writes
    /// share one service and touch each row at most once: the statement answers per row, so two writes of one row in
    /// it could not both learn their outcome. What does not fit waits for the next batch (a grain never has two
    /// writes in flight, so this happens only to a second caller of the storage). Called under the loop's lock; null
    /// when nothing waits.
    /// </summary>
    private AuditBatch? TakeBatch()
    {
        if (_waiting.Count == 0)
        {
            return null;
        }

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
        return new AuditBatch(batch);
    }

    /// <summary>
    /// Commits the batch's state rows and entries in one transaction: the one-round-trip one if this process knows the
    /// head and it holds, else the locking one. Records in the batch the new version of every stored row; a row missing
    /// there was refused, and its entry was not appended. Throws if nothing was committed, or if the commit's outcome is
    /// unknown; the loop then fails every caller of the batch and goes on with the next.
    /// </summary>
    private async Task WriteBatchAsync(AuditBatch auditBatch)
    {
        var batch = auditBatch.Appends;
        var knownHead = _knownHead;
        _knownHead = null;
        // No caller's token here: the batch belongs to many callers. Connect and command timeouts bound it.
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        auditBatch.Stored = knownHead is not null && await TryWriteAfterKnownHeadAsync(connection, knownHead, batch).ConfigureAwait(false) is { } stored
            ? stored
            : await WriteUnderHeadLockAsync(connection, batch).ConfigureAwait(false);
        _appendedSinceAnchor = true;
    }

    /// <summary>
    /// One round trip, one transaction: the batch's state rows and all its entries, hashed from the head this process
    /// left. If another process has appended since, or a row is refused, the statement raises before the COMMIT that
    /// follows it (migration 0013), so neither rows nor entries are stored, and null is returned for the locking path.
    /// </summary>
    private async Task<Dictionary<(string StateName, string GrainKey), int>?> TryWriteAfterKnownHeadAsync(
        NpgsqlConnection connection, AuditHead knownHead, List<PendingAuditAppend> batch)
    {
        // Hashed as if every state write will be stored; if one is not, the transaction is rolled back.
        var (entries, head) = ChainAfter(knownHead, batch);
        var writes = batch.Where(pending => pending.StateWrite is not null).ToList();
        await using var write = new NpgsqlBatch(connection);
        write.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));
        write.BatchCommands.Add(new NpgsqlBatchCommand(AuditLogSql.RequireSynchronousCommit));
        write.BatchCommands.Add(AuditLogSql.WriteStatesAndAppendAllOrNothingCommand(
            writes.FirstOrDefault()?.ServiceId ?? string.Empty, [.. writes.Select(pending => pending.StateWrite!)], Chain, knownHead, head, entries));
        write.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        try
        {
            Dictionary<(string StateName, string GrainKey), int> stored;
            await using (var reader = await write.ExecuteReaderAsync().ConfigureAwait(false))
            {
                stored = await GrainStateSql.ReadStoredVersionsAsync(reader).ConfigureAwait(false);
            }

            _knownHead = head;
            return stored;
        }
        catch (PostgresException exception) when (exception.SqlState == AuditLogSql.EntriesNotAppended)
        {
            // The round trip stopped at the failed statement: the transaction is open and aborted. End it here rather
            // than leave that to the pool, so the locking path can begin its own on this connection.
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync().ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// One transaction under the head lock: the batch's state rows first (rows before the head, the order the
    /// one-round-trip statement locks them in, so two processes never wait on each other), then the head, then the
    /// entries of the stored writes and of the batch's plain events, then the commit. A fault anywhere rolls back all.
    /// </summary>
    private async Task<Dictionary<(string StateName, string GrainKey), int>> WriteUnderHeadLockAsync(NpgsqlConnection connection, List<PendingAuditAppend> batch)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted).ConfigureAwait(false);
        var writes = batch.Where(pending => pending.StateWrite is not null).ToList();
        var stored = writes.Count == 0
            ? []
            : await WriteStatesAsync(connection, transaction, writes).ConfigureAwait(false);
        await StepAsync(AuditWriteStep.StatesWritten, connection).ConfigureAwait(false);

        if (!_chainStarted)
        {
            await using var startChain = new NpgsqlCommand(AuditLogSql.StartChain, connection, transaction);
            startChain.Parameters.Add(AuditLogSql.ChainParameter(Chain));
            await startChain.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        AuditHead lockedHead;
        await using (var lockHead = new NpgsqlCommand(AuditLogSql.LockHead, connection, transaction))
        {
            lockHead.Parameters.Add(AuditLogSql.ChainParameter(Chain));
            await using var reader = await lockHead.ExecuteReaderAsync().ConfigureAwait(false);
            if (!await reader.ReadAsync().ConfigureAwait(false))
            {
                throw new InvalidOperationException(
                    $"The head row of audit chain {Chain} is missing, so the chain cannot be continued safely. Was audit_chain_head edited?");
            }

            lockedHead = new AuditHead(reader.GetInt64(0), reader.GetString(1));
        }

        await StepAsync(AuditWriteStep.HeadLocked, connection).ConfigureAwait(false);

        // A refused write's entry records what did not happen: it is left out (its caller is told of the refusal).
        var (entries, head) = ChainAfter(lockedHead, batch.Where(pending =>
            pending.StateWrite is not { } write || GrainStateSql.VersionOf(stored, write) is not null));
        await using var append = new NpgsqlBatch(connection, transaction);
        append.BatchCommands.Add(new NpgsqlBatchCommand(AuditLogSql.RequireSynchronousCommit));
        var appendEntries = AuditLogSql.AppendIfHeadUnmovedCommand(Chain, lockedHead, head, entries);
        append.BatchCommands.Add(appendEntries);
        await append.ExecuteNonQueryAsync().ConfigureAwait(false);
        if (appendEntries.RecordsAffected != entries.Count)
        {
            // Holding the lock, the guard can only fail through a bug; the transaction is rolled back on dispose.
            throw new InvalidOperationException("The audit head moved while locked; the batch was not committed.");
        }

        await StepAsync(AuditWriteStep.EntriesAppended, connection).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        _chainStarted = true;
        _knownHead = head;
        return stored;
    }

    private Task StepAsync(AuditWriteStep step, NpgsqlConnection connection) =>
        _betweenStatements?.Invoke(step, connection) ?? Task.CompletedTask;

    /// <summary>Writes the state rows in the transaction; returns the new version of each stored row.</summary>
    private static async Task<Dictionary<(string StateName, string GrainKey), int>> WriteStatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<PendingAuditAppend> writes)
    {
        await using var command = new NpgsqlCommand(GrainStateSql.WriteMany, connection, transaction);
        GrainStateSql.AddWrites(command.Parameters, writes[0].ServiceId!, [.. writes.Select(pending => pending.StateWrite!)]);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        return await GrainStateSql.ReadStoredVersionsAsync(reader).ConfigureAwait(false);
    }

    /// <summary>The batch's entries hashed one after the other from <paramref name="from"/>, and the head they leave.</summary>
    private (List<AuditEntry> Entries, AuditHead Head) ChainAfter(AuditHead from, IEnumerable<PendingAuditAppend> batch)
    {
        var chain = Chain;
        var entries = new List<AuditEntry>();
        var head = from;
        foreach (var pending in batch)
        {
            var entry = AuditChain.AppendAfter(chain, head, pending.Event);
            entries.Add(entry);
            head = entry.ToHead();
        }

        return (entries, head);
    }
}
