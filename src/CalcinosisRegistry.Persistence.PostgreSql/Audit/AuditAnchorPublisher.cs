using System.Data;
using CalcinosisRegistry.Contracts.Telemetry;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.Commit;
using Npgsql;
using NpgsqlTypes;

namespace CalcinosisRegistry.Persistence.PostgreSql.Audit;

/// <summary>
/// Publishes anchors (<c>audit_anchor</c>, migration 0040) for a writer's chain: every <see cref="Interval"/> while
/// the writer appended since the last anchor, and once more when stopped. An anchor records the head of every chain
/// (of any writer) that moved since the last one, which is what lets <c>/verify</c> see a chain's tail cut off
/// together with its head, or a whole chain removed (docs/security.md).
/// </summary>
internal sealed class AuditAnchorPublisher
{
    /// <summary>How often a writer that appended gets an anchor of every chain's head.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitWriter _writer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _publishing;

    /// <summary>The writer's <see cref="GroupCommitWriter.AppendingCommits"/> as of the last anchor published.</summary>
    private long _anchoredCommits;

    public AuditAnchorPublisher(NpgsqlDataSource dataSource, GroupCommitWriter writer)
    {
        _dataSource = dataSource;
        _writer = writer;
        _publishing = Task.Run(PublishPeriodicallyAsync, CancellationToken.None);
    }

    private bool WriterAppendedSinceAnchor => _writer.AppendingCommits != Interlocked.Read(ref _anchoredCommits);

    /// <summary>
    /// Records, as the next anchor, the head of every chain that moved since the last anchor; nothing when none did.
    /// One short transaction under the anchor head's lock, which only publishers take.
    /// </summary>
    public async Task PublishAsync(CancellationToken ct)
    {
        // Read first: whatever the writer commits from now on gets the next anchor.
        var commits = _writer.AppendingCommits;
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

        if (moved.Count > 0)
        {
            var anchor = AuditAnchorChain.AppendAfter(anchorHead, DateTimeOffset.UtcNow, moved);
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(new NpgsqlBatchCommand(CommitSql.RequireSynchronousCommit));
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

        Interlocked.Exchange(ref _anchoredCommits, commits);
    }

    /// <summary>
    /// Ends the periodic publication, then anchors what the (stopped) writer appended since the last anchor. Best
    /// effort: a database that is gone cannot take it, and the chain's head row still guards its tail.
    /// </summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _publishing.ConfigureAwait(false);
        _stop.Dispose();
        if (!WriterAppendedSinceAnchor)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await PublishAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            RegistryMetrics.AuditAnchors.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
        }
    }

    private async Task PublishPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                if (!WriterAppendedSinceAnchor)
                {
                    continue;
                }

                try
                {
                    await PublishAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Whatever the fault, the loop survives and the next tick tries again (the anchored count did not
                    // move); until then the chains' head rows guard their tails.
                    RegistryMetrics.AuditAnchors.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
