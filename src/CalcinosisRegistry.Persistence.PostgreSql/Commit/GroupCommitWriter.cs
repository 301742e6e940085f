using System.Data;
using System.Diagnostics;
using System.Security.Cryptography;
using CalcinosisRegistry.Domain.Audit;
using Npgsql;

namespace CalcinosisRegistry.Persistence.PostgreSql.Commit;

/// <summary>
/// The process's one group-commit writer: grain state rows (the case writes) and audit entries, a row with its entry,
/// a row without one, or an entry alone (the other requests' audit), all go to PostgreSQL through here, batched
/// together, one transaction per batch, on one commit path. A configuration without audit simply has no entries in
/// its batches.
/// </summary>
/// <remarks>
/// <para><b>Durability.</b> A caller's task completes only after the transaction carrying its commit has committed
/// with <c>synchronous_commit = on</c>, i.e. its WAL is on disk. A fault (unreachable server, timeout, missing head
/// row) faults the tasks of every caller of that transaction; nothing is dropped or retried behind a caller's back.
/// If the connection dies during COMMIT the outcome is unknown and the callers are told it failed.</para>
/// <para><b>A row and its entry, together or not at all.</b> A state row that carries its entry commits in the same
/// transaction as the entry, on either path below, always. A refused row (a stale or duplicate first write) appends no
/// entry; its caller learns the refusal (null), and is audited later by the web tier.</para>
/// <para><b>One chain per writer.</b> The entries go to a chain of this writer's own (<see cref="Chain"/>) with its own
/// head row in <c>audit_chain_head</c> (migration 0040), so the writers of different processes never wait for each
/// other. Anchors of every chain's head are published by the audit log that owns this writer
/// (<c>AuditAnchorPublisher</c>).</para>
/// <para><b>The commit path.</b> One round trip: <c>BEGIN; SET LOCAL synchronous_commit = on;</c> one statement;
/// <c>COMMIT</c>. Without entries, the statement writes the rows (<see cref="GrainStateSql.WriteMany"/>) and a refused
/// row is simply not returned. With entries, it writes the rows and, hashed from the head this writer's last commit
/// left, the entries, all or nothing (<see cref="CommitSql.WriteStatesAndAppendAllOrNothing"/>): if a row was refused
/// or the head is not where this writer left it, the statement raises, the transaction aborts with everything it
/// wrote, and the batch is redone whole on the locking path, which reads the true head under its lock. With no head
/// known (a new chain, or after a fault: a COMMIT whose outcome is unknown may or may not have moved it) a batch with
/// entries takes the locking path at once.</para>
/// </remarks>
internal sealed class GroupCommitWriter
{
    /// <summary>Caps one transaction so a burst cannot hold the head lock (and the rows) for long.</summary>
    public const int MaxCommitsPerTransaction = 500;

    private readonly NpgsqlDataSource _dataSource;
    private readonly CommitStepHook? _betweenStatements;

    /// <summary>The one batching loop (the same mechanism as the index's); it guards <see cref="_waiting"/>.</summary>
    private readonly GroupCommitLoop<CommitBatch> _loop;
    private List<PendingCommit> _waiting = [];

    /// <summary>The head as this writer's last commit left it; only the loop touches it.</summary>
    private AuditHead? _knownHead;

    /// <summary>Whether this writer's head row exists (it is made by the first batch with entries); only the loop touches it.</summary>
    private bool _chainStarted;

    private long _appendingCommits;

    /// <param name="dataSource">The pool to write through; the caller owns (and disposes) it.</param>
    /// <param name="betweenStatements">For tests: runs between the statements of the locking transaction.</param>
    public GroupCommitWriter(NpgsqlDataSource dataSource, CommitStepHook? betweenStatements = null)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _betweenStatements = betweenStatements;
        // No gather time: each transaction waits for a WAL flush, during which the next batch gathers anyway
        // (docs/benchmarks.md, ninth session and the commit-path session).
        _loop = new GroupCommitLoop<CommitBatch>(TakeBatch, WriteBatchAsync, (batch, failure) => batch.Complete(failure), "commit",
            batch => batch.Commits.Count, gatherTime: TimeSpan.Zero);
        Chain = NewChainName();
    }

    /// <summary>The chain this writer appends to: the machine's name, the process id and a random part.</summary>
    public string Chain { get; }

    /// <summary>How many transactions so far appended entries to <see cref="Chain"/>: an anchor is due when it grew.</summary>
    public long AppendingCommits => Interlocked.Read(ref _appendingCommits);

    /// <summary>
    /// Writes a grain state row of <paramref name="serviceId"/> and, when given, appends <paramref name="entry"/> in
    /// the same transaction. Completes with the row's new version once committed, or with null when the row refused the
    /// write, in which case <paramref name="entry"/> is not appended.
    /// </summary>
    public Task<int?> WriteStateAsync(string serviceId, PendingGrainStateWrite write, AuditEvent? entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        ArgumentNullException.ThrowIfNull(write);
        // Normalised (and validated) here, so a malformed event fails its own caller rather than the batch it joins.
        return Enqueue(new PendingCommit(serviceId, write, entry is null ? null : AuditChain.Normalize(entry)));
    }

    /// <summary>Appends an entry that records no state write (any other request's audit).</summary>
    public Task AppendAsync(AuditEvent entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ct.ThrowIfCancellationRequested();
        var committed = Enqueue(new PendingCommit(null, null, AuditChain.Normalize(entry)));

        // A caller that gives up still has its entry written (the batch is shared); it merely stops waiting.
        return committed.WaitAsync(ct);
    }

    /// <summary>Refuses further commits, and completes once everything queued before has been committed (or has failed).</summary>
    public Task StopAsync() => _loop.StopAsync();

    /// <summary>Queues for the loop: while a batch is in flight, newcomers accumulate in <see cref="_waiting"/> for the next.</summary>
    private Task<int?> Enqueue(PendingCommit commit) =>
        _loop.Enqueue(() =>
        {
            _waiting.Add(commit);
            return commit.Outcome;
        });

    /// <summary>
    /// The next batch, in arrival order, of at most <see cref="MaxCommitsPerTransaction"/> commits. Its state rows share
    /// one service and each row is in it at most once: the statement answers per row, so two writes of one row in it
    /// could not both learn their outcome. What does not fit waits for the next batch (a grain never has two writes in
    /// flight, so this happens only to a second caller of the storage). Called under the loop's lock; null when
    /// nothing waits.
    /// </summary>
    private CommitBatch? TakeBatch()
    {
        if (_waiting.Count == 0)
        {
            return null;
        }

        var batch = new List<PendingCommit>(Math.Min(_waiting.Count, MaxCommitsPerTransaction));
        var later = new List<PendingCommit>();
        var rows = new HashSet<(string, string)>();
        string? serviceId = null;
        foreach (var commit in _waiting)
        {
            var fits = batch.Count < MaxCommitsPerTransaction;
            if (fits && commit.StateWrite is { } write)
            {
                serviceId ??= commit.ServiceId;
                fits = string.Equals(commit.ServiceId, serviceId, StringComparison.Ordinal)
                    && rows.Add((write.StateName, write.GrainKey));
            }

            (fits ? batch : later).Add(commit);
        }

        _waiting = later;
        return new CommitBatch(batch);
    }

    /// <summary>
    /// Commits the batch in one transaction: in one round trip when it has no entries or this writer knows its head
    /// and the head holds, else on the locking path. Records in the batch the new version of every stored row; a row
    /// missing there was refused, and its entry was not appended. Throws if nothing was committed, or if the commit's
    /// outcome is unknown; the loop then fails every caller of the batch and goes on with the next.
    /// </summary>
    private async Task WriteBatchAsync(CommitBatch batch)
    {
        var hasEntries = batch.HasEntries;
        // A batch with entries may move the head; until it is known to have committed, no head is known.
        var knownHead = hasEntries ? _knownHead : null;
        if (hasEntries)
        {
            _knownHead = null;
        }

        // No caller's token here: the batch belongs to many callers. Connect and command timeouts bound it.
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        batch.Stored = (!hasEntries || knownHead is not null)
            && await TryCommitInOneRoundTripAsync(connection, knownHead, batch.Commits).ConfigureAwait(false) is { } stored
            ? stored
            : await CommitUnderHeadLockAsync(connection, batch.Commits).ConfigureAwait(false);
        if (hasEntries)
        {
            Interlocked.Increment(ref _appendingCommits);
        }
    }

    /// <summary>
    /// One round trip, one transaction: the batch's state rows, and its entries hashed from <paramref name="knownHead"/>
    /// (null exactly when there are none). If the head moved, or a row is refused while there are entries, the
    /// statement raises before the COMMIT that follows it (migration 0013), so nothing is stored, and null is returned
    /// for the locking path.
    /// </summary>
    private async Task<Dictionary<(string StateName, string GrainKey), int>?> TryCommitInOneRoundTripAsync(
        NpgsqlConnection connection, AuditHead? knownHead, List<PendingCommit> batch)
    {
        var writes = batch.Where(commit => commit.StateWrite is not null).ToList();
        var serviceId = writes.FirstOrDefault()?.ServiceId ?? string.Empty;
        var rows = writes.ConvertAll(commit => commit.StateWrite!);
        AuditHead? head = null;
        await using var write = new NpgsqlBatch(connection);
        write.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));
        write.BatchCommands.Add(new NpgsqlBatchCommand(CommitSql.RequireSynchronousCommit));
        if (knownHead is null)
        {
            write.BatchCommands.Add(CommitSql.WriteStatesCommand(serviceId, rows));
        }
        else
        {
            // Hashed as if every state write will be stored; if one is not, the transaction is rolled back.
            (var entries, head) = ChainAfter(knownHead, batch);
            write.BatchCommands.Add(CommitSql.WriteStatesAndAppendAllOrNothingCommand(serviceId, rows, Chain, knownHead, head, entries));
        }

        write.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        try
        {
            Dictionary<(string StateName, string GrainKey), int> stored;
            await using (var reader = await write.ExecuteReaderAsync().ConfigureAwait(false))
            {
                stored = await GrainStateSql.ReadStoredVersionsAsync(reader).ConfigureAwait(false);
            }

            _knownHead = head ?? _knownHead;
            return stored;
        }
        catch (PostgresException exception) when (exception.SqlState == CommitSql.EntriesNotAppended)
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
    /// entries of the stored writes and of the entries alone, then the commit. A fault anywhere rolls back all.
    /// </summary>
    private async Task<Dictionary<(string StateName, string GrainKey), int>> CommitUnderHeadLockAsync(NpgsqlConnection connection, List<PendingCommit> batch)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted).ConfigureAwait(false);
        var writes = batch.Where(commit => commit.StateWrite is not null).ToList();
        var stored = writes.Count == 0
            ? []
            : await WriteStatesAsync(connection, transaction, writes).ConfigureAwait(false);
        await StepAsync(CommitStep.StatesWritten, connection).ConfigureAwait(false);

        if (!_chainStarted)
        {
            await using var startChain = new NpgsqlCommand(CommitSql.StartChain, connection, transaction);
            startChain.Parameters.Add(CommitSql.ChainParameter(Chain));
            await startChain.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        AuditHead lockedHead;
        await using (var lockHead = new NpgsqlCommand(CommitSql.LockHead, connection, transaction))
        {
            lockHead.Parameters.Add(CommitSql.ChainParameter(Chain));
            await using var reader = await lockHead.ExecuteReaderAsync().ConfigureAwait(false);
            if (!await reader.ReadAsync().ConfigureAwait(false))
            {
                throw new InvalidOperationException(
                    $"The head row of audit chain {Chain} is missing, so the chain cannot be continued safely. Was audit_chain_head edited?");
            }

            lockedHead = new AuditHead(reader.GetInt64(0), reader.GetString(1));
        }

        await StepAsync(CommitStep.HeadLocked, connection).ConfigureAwait(false);

        // A refused write's entry records what did not happen: it is left out (its caller is told of the refusal).
        var (entries, head) = ChainAfter(lockedHead, batch.Where(commit =>
            commit.StateWrite is not { } write || GrainStateSql.VersionOf(stored, write) is not null));
        await using var append = new NpgsqlBatch(connection, transaction);
        append.BatchCommands.Add(new NpgsqlBatchCommand(CommitSql.RequireSynchronousCommit));
        var appendEntries = CommitSql.AppendIfHeadUnmovedCommand(Chain, lockedHead, head, entries);
        append.BatchCommands.Add(appendEntries);
        await append.ExecuteNonQueryAsync().ConfigureAwait(false);
        if (appendEntries.RecordsAffected != entries.Count)
        {
            // Holding the lock, the guard can only fail through a bug; the transaction is rolled back on dispose.
            throw new InvalidOperationException("The audit head moved while locked; the batch was not committed.");
        }

        await StepAsync(CommitStep.EntriesAppended, connection).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        _chainStarted = true;
        _knownHead = head;
        return stored;
    }

    private Task StepAsync(CommitStep step, NpgsqlConnection connection) =>
        _betweenStatements?.Invoke(step, connection) ?? Task.CompletedTask;

    /// <summary>Writes the state rows in the transaction; returns the new version of each stored row.</summary>
    private static async Task<Dictionary<(string StateName, string GrainKey), int>> WriteStatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<PendingCommit> writes)
    {
        await using var command = new NpgsqlCommand(GrainStateSql.WriteMany, connection, transaction);
        GrainStateSql.AddWrites(command.Parameters, writes[0].ServiceId!, writes.ConvertAll(commit => commit.StateWrite!));
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        return await GrainStateSql.ReadStoredVersionsAsync(reader).ConfigureAwait(false);
    }

    /// <summary>The entries of <paramref name="batch"/> hashed one after the other from <paramref name="from"/>, and the head they leave.</summary>
    private (List<AuditEntry> Entries, AuditHead Head) ChainAfter(AuditHead from, IEnumerable<PendingCommit> batch)
    {
        var entries = new List<AuditEntry>();
        var head = from;
        foreach (var entry in batch.Select(commit => commit.Entry).OfType<AuditEvent>())
        {
            var appended = AuditChain.AppendAfter(Chain, head, entry);
            entries.Add(appended);
            head = appended.ToHead();
        }

        return (entries, head);
    }

    /// <summary>A chain name no other writer has: where it runs, which process, and 48 random bits.</summary>
    private static string NewChainName()
    {
        var machine = new string([.. Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').Take(40)]);
        var name = $"{(machine.Length == 0 ? "host" : machine)}.{Environment.ProcessId}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        Debug.Assert(AuditChain.IsValidChainName(name));
        return name;
    }
}
