using CalcinosisRegistry.Domain.Audit;
using Npgsql;
using NpgsqlTypes;

namespace CalcinosisRegistry.Persistence.PostgreSql.Commit;

/// <summary>
/// The statements of <see cref="GroupCommitWriter"/> that append audit entries (with or without state rows, whose own
/// statement is <see cref="GrainStateSql"/>) on the tables of migrations 0005, 0013 and 0040.
/// </summary>
internal static class CommitSql
{
    /// <summary>The columns a writer inserts into <c>audit_log</c>: an entry's hashed fields, its hashes, then its chain (migration 0040).</summary>
    public const string InsertColumns =
        "sequence, occurred_at, actor, role, action, site_id, case_id, version_before, version_after, outcome, status, detail, previous_hash, hash, token_id, chain_id";

    /// <summary>
    /// The registry's durability promise must not depend on a server-wide setting: a commit returns only once its
    /// WAL is flushed, even if the server runs with synchronous_commit = off for other traffic.
    /// </summary>
    public const string RequireSynchronousCommit = "SET LOCAL synchronous_commit TO on";

    /// <summary>
    /// Serialises the appenders of one chain ($1): the row lock is held until the transaction ends, and in READ
    /// COMMITTED a waiter that gets the lock re-reads the row as committed by the previous holder. Each writer has a
    /// chain of its own, so normally nobody else waits for it.
    /// </summary>
    public const string LockHead = "SELECT sequence, hash FROM audit_chain_head WHERE chain_id = $1 FOR UPDATE";

    /// <summary>A new chain's head row, at the genesis ($1 the chain); nothing if it exists.</summary>
    public const string StartChain =
        "INSERT INTO audit_chain_head (chain_id, sequence, hash) VALUES ($1, 0, repeat('0', 64)) ON CONFLICT (chain_id) DO NOTHING";

    /// <summary>
    /// The locking path's append: moves the head only if it is still where the appender believes it is (guarded by
    /// sequence and hash, so a bug can never move it sideways), and inserts the entries only if the head moved. $20 the
    /// chain (migration 0040). In READ COMMITTED an UPDATE that waited for another appender's lock re-checks its WHERE
    /// on the committed row, so it then matches nothing and nothing is inserted. $1/$2 the expected head, $3/$4 the
    /// new head, $5.. one array per entry column ($19 token_id, migration 0030).
    /// </summary>
    public const string AppendIfHeadUnmoved = $"""
        WITH moved AS (
            UPDATE audit_chain_head SET sequence = $3, hash = $4
            WHERE chain_id = $20 AND sequence = $1 AND hash = $2
            RETURNING 1
        )
        INSERT INTO audit_log ({InsertColumns})
        SELECT entry.*, $20 FROM unnest($5::bigint[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[],
                             $11::text[], $12::integer[], $13::integer[], $14::text[], $15::integer[], $16::text[],
                             $17::text[], $18::text[], $19::text[]) AS entry
        WHERE EXISTS (SELECT 1 FROM moved)
        """;

    /// <summary>
    /// The SQLSTATE <c>require_audit_entries_appended</c> (migration 0013) raises when the statement below appended
    /// fewer entries than it had to: the transaction is aborted, and nothing of it is stored.
    /// </summary>
    public const string EntriesNotAppended = "RG001";

    /// <summary>
    /// Grain state rows written and audit entries appended in one statement, all or nothing: the entries are appended
    /// only if every row was stored and the head is where the appender believes it is (see
    /// <see cref="AppendIfHeadUnmoved"/>), and if they were not, the statement raises <see cref="EntriesNotAppended"/>,
    /// which aborts the transaction with the rows it wrote. $1..$7 the rows (as <see cref="GrainStateSql.WriteMany"/>,
    /// empty arrays for none), $8 how many rows must be stored, $9..$27 as $1..$19 of <see cref="AppendIfHeadUnmoved"/>,
    /// $28 how many entries must be appended, $29 the chain. Returns (state name, grain key, new version) per stored row; one row of
    /// nulls when there are none.
    /// </summary>
    /// <remarks>
    /// The head's UPDATE reads the rows' count, so the rows are locked before the head, the same order as
    /// <see cref="GroupCommitWriter"/>'s locking path takes them: two processes cannot each hold what the other waits for.
    /// The check sits in the preserved side of a LEFT JOIN, so it runs even when no row is stored.
    /// </remarks>
    public const string WriteStatesAndAppendAllOrNothing = $"""
        WITH {GrainStateSql.WriteCommonTableExpressions},
        stored AS (
            SELECT * FROM first_write
            UNION ALL
            SELECT * FROM next_write
        ),
        moved AS (
            UPDATE audit_chain_head SET sequence = $11, hash = $12
            WHERE chain_id = $29 AND sequence = $9 AND hash = $10
              AND (SELECT count(*) FROM stored) = $8
            RETURNING 1
        ),
        appended AS (
            INSERT INTO audit_log ({InsertColumns})
            SELECT entry.*, $29 FROM unnest($13::bigint[], $14::timestamptz[], $15::text[], $16::text[], $17::text[], $18::text[],
                                 $19::text[], $20::integer[], $21::integer[], $22::text[], $23::integer[], $24::text[],
                                 $25::text[], $26::text[], $27::text[]) AS entry
            WHERE EXISTS (SELECT 1 FROM moved)
            RETURNING 1
        )
        SELECT stored.*
          FROM (SELECT require_audit_entries_appended((SELECT count(*) FROM appended)::integer, $28) AS appended) AS checked
          LEFT JOIN stored ON true
        """;

    public static NpgsqlParameter<string> ChainParameter(string chain) => new() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = chain };

    public static NpgsqlBatchCommand AppendIfHeadUnmovedCommand(string chain, AuditHead from, AuditHead to, IReadOnlyList<AuditEntry> entries)
    {
        var command = new NpgsqlBatchCommand(AppendIfHeadUnmoved);
        AddAppend(command.Parameters, from, to, entries);
        command.Parameters.Add(ChainParameter(chain));
        return command;
    }

    /// <summary>
    /// <see cref="WriteStatesAndAppendAllOrNothing"/> for <paramref name="writes"/> (put in key order; may be empty) and
    /// the entries that chain from <paramref name="from"/> to <paramref name="to"/>, expecting every write stored and
    /// every entry appended.
    /// </summary>
    public static NpgsqlBatchCommand WriteStatesAndAppendAllOrNothingCommand(
        string serviceId, List<PendingGrainStateWrite> writes, string chain, AuditHead from, AuditHead to, IReadOnlyList<AuditEntry> entries)
    {
        var command = new NpgsqlBatchCommand(WriteStatesAndAppendAllOrNothing);
        GrainStateSql.AddWrites(command.Parameters, serviceId, writes);
        command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = writes.Count });
        AddAppend(command.Parameters, from, to, entries);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = entries.Count });
        command.Parameters.Add(ChainParameter(chain));
        return command;
    }

    /// <summary><see cref="GrainStateSql.WriteMany"/> for <paramref name="writes"/> (put in key order): the rows of a batch without entries.</summary>
    public static NpgsqlBatchCommand WriteStatesCommand(string serviceId, List<PendingGrainStateWrite> writes)
    {
        var command = new NpgsqlBatchCommand(GrainStateSql.WriteMany);
        GrainStateSql.AddWrites(command.Parameters, serviceId, writes);
        return command;
    }

    /// <summary>The parameters of <see cref="AppendIfHeadUnmoved"/>, in its order: the two heads, then one array per entry column.</summary>
    private static void AddAppend(NpgsqlParameterCollection parameters, AuditHead from, AuditHead to, IReadOnlyList<AuditEntry> entries)
    {
        parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = from.Sequence });
        parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = from.Hash });
        parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = to.Sequence });
        parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = to.Hash });
        parameters.Add(Column(NpgsqlDbType.Bigint, entries, entry => entry.Sequence));
        parameters.Add(Column(NpgsqlDbType.TimestampTz, entries, entry => entry.Event.At.ToUniversalTime()));
        parameters.Add(Column(NpgsqlDbType.Text, entries, entry => entry.Event.Actor));
        parameters.Add(Column(NpgsqlDbType.Text, entries, entry => entry.Event.Role));
        parameters.Add(Column(NpgsqlDbType.Text, entries, entry => entry.Event.Action));
        parameters.Add(Column(NpgsqlDbType.Text, entries, entry => entry.Event.SiteId));
        parameters.Add(Column(NpgsqlDbType.Text, entries, entry => entry.Event.CaseId));
        parameters.Add(Column(NpgsqlDbType.Integer, entries, entry => entry.Event.VersionBefore));
        parameters.Add(Column(NpgsqlDbType.Integer, entries, entry => entry.Event.VersionAfter));
        parameters.Add(Column(NpgsqlDbType.Text, entries, entry => entry.Event.Outcome));
        parameters.Add(Column(NpgsqlDbType.Integer, entries, entry => entry.Event.Status));
        parameters.Add(Column(NpgsqlDbType.Text, entries, entry => entry.Event.Detail));
        parameters.Add(Column(NpgsqlDbType.Text, entries, entry => entry.PreviousHash));
        parameters.Add(Column(NpgsqlDbType.Text, entries, entry => entry.Hash));
        parameters.Add(Column(NpgsqlDbType.Text, entries, entry => entry.Event.TokenId));
    }

    private static NpgsqlParameter<T[]> Column<T>(NpgsqlDbType elementType, IReadOnlyList<AuditEntry> entries, Func<AuditEntry, T> value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | elementType, TypedValue = [.. entries.Select(value)] };
}
