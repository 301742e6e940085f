using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.GrainState;
using Npgsql;
using NpgsqlTypes;

namespace CalcinosisRegistry.Persistence.PostgreSql.Audit;

/// <summary>The SQL texts of <see cref="PostgreSqlAuditLog"/> and the mapping between rows and entries.</summary>
internal static class AuditLogSql
{
    /// <summary>The columns a writer inserts: an entry's hashed fields, its hashes, then its chain (migration 0040).</summary>
    private const string InsertColumns =
        "sequence, occurred_at, actor, role, action, site_id, case_id, version_before, version_after, outcome, status, detail, previous_hash, hash, token_id, chain_id";

    /// <summary>The columns of an entry, in the order <see cref="ReadEntry"/> expects: as inserted, then its listing position.</summary>
    public const string EntryColumns = InsertColumns + ", position";

    /// <summary>
    /// Serialises the appenders of one chain ($1): the row lock is held until the transaction ends, and in READ
    /// COMMITTED a waiter that gets the lock re-reads the row as committed by the previous holder. Each writer has a
    /// chain of its own, so normally nobody else waits for it.
    /// </summary>
    public const string LockHead = "SELECT sequence, hash FROM audit_chain_head WHERE chain_id = $1 FOR UPDATE";

    /// <summary>A new chain's head row, at the genesis ($1 the chain); nothing if it exists.</summary>
    public const string StartChain =
        "INSERT INTO audit_chain_head (chain_id, sequence, hash) VALUES ($1, 0, repeat('0', 64)) ON CONFLICT (chain_id) DO NOTHING";

    /// <summary>Every chain's head: the original chain's (named '') and the writers'.</summary>
    public const string ReadHeads = """
        SELECT '' AS chain_id, sequence, hash FROM audit_head WHERE singleton
        UNION ALL
        SELECT chain_id, sequence, hash FROM audit_chain_head
        """;

    /// <summary>
    /// Marks as anchored, and returns, the head of every chain that moved since the last anchor. Run under the anchor
    /// head's lock, so two publishers never both record one move; a writer's head UPDATE waits at most for this
    /// statement's transaction, and still matches afterwards (it compares sequence and hash, which this leaves alone).
    /// </summary>
    public const string TakeMovedHeads = """
        WITH original AS (
            UPDATE audit_head SET anchored_sequence = sequence
            WHERE singleton AND sequence > anchored_sequence
            RETURNING ''::text AS chain_id, sequence, hash
        ),
        writers AS (
            UPDATE audit_chain_head SET anchored_sequence = sequence
            WHERE sequence > anchored_sequence
            RETURNING chain_id, sequence, hash
        )
        SELECT * FROM original
        UNION ALL
        SELECT * FROM writers
        """;

    public const string LockAnchorHead = "SELECT sequence, hash FROM audit_anchor_head WHERE singleton FOR UPDATE";

    public const string ReadAnchorHead = "SELECT sequence, hash FROM audit_anchor_head WHERE singleton";

    /// <summary>Appends one anchor ($1..$5 its columns) and moves the anchor head to it.</summary>
    public const string AppendAnchor = """
        WITH moved AS (
            UPDATE audit_anchor_head SET sequence = $1, hash = $5 WHERE singleton RETURNING 1
        )
        INSERT INTO audit_anchor (sequence, published_at, heads, previous_hash, hash)
        SELECT $1, $2, $3, $4, $5 FROM moved
        """;

    public const string ReadAnchorsInOrder = "SELECT sequence, published_at, heads, previous_hash, hash FROM audit_anchor ORDER BY sequence";

    /// <summary>
    /// The registry's durability promise must not depend on a server-wide setting: a commit returns only once its
    /// WAL is flushed, even if the server runs with synchronous_commit = off for other traffic.
    /// </summary>
    public const string RequireSynchronousCommit = "SET LOCAL synchronous_commit TO on";

    /// <summary>
    /// The one append statement (see <see cref="PostgreSqlAuditLog"/>): moves the head only if it is still where the
    /// appender believes it is (guarded by sequence and hash, so a bug can never move it sideways), and inserts the
    /// entries only if the head moved. $20 the chain (migration 0040). In READ COMMITTED an UPDATE that
    /// waited for another appender's lock re-checks its WHERE on the committed row, so it then matches nothing and
    /// nothing is inserted. $1/$2 the expected head, $3/$4 the new head, $5.. one array per entry column ($19 token_id, migration 0030).
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
    /// <see cref="PostgreSqlAuditLog"/>'s locking path takes them: two processes cannot each hold what the other waits for.
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

    /// <summary>Every entry, chain by chain, each in sequence order (the primary key's order, so no sort).</summary>
    public const string ReadAllByChain = $"SELECT {EntryColumns} FROM audit_log ORDER BY chain_id, sequence";

    public static NpgsqlBatchCommand AppendIfHeadUnmovedCommand(string chain, AuditHead from, AuditHead to, IReadOnlyList<AuditEntry> entries)
    {
        var command = new NpgsqlBatchCommand(AppendIfHeadUnmoved);
        AddAppend(command.Parameters, from, to, entries);
        command.Parameters.Add(ChainParameter(chain));
        return command;
    }

    public static NpgsqlParameter<string> ChainParameter(string chain) => new() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = chain };

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

    /// <summary>Reads the current row of a reader positioned on <see cref="EntryColumns"/>.</summary>
    public static AuditEntry ReadEntry(NpgsqlDataReader reader)
    {
        // Columns are read in ordinal order, which keeps this usable with CommandBehavior.SequentialAccess.
        var sequence = reader.GetInt64(0);
        var e = new AuditEvent(
            At: new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero),
            Actor: reader.GetString(2),
            Role: reader.GetString(3),
            Action: reader.GetString(4),
            SiteId: NullableText(reader, 5),
            CaseId: NullableText(reader, 6),
            VersionBefore: NullableInteger(reader, 7),
            VersionAfter: NullableInteger(reader, 8),
            Outcome: reader.GetString(9),
            Status: NullableInteger(reader, 10),
            Detail: NullableText(reader, 11));
        var previousHash = reader.GetString(12);
        var hash = reader.GetString(13);
        return new AuditEntry(sequence, e with { TokenId = NullableText(reader, 14) }, previousHash, hash, reader.GetString(15), reader.GetInt64(16));
    }

    public static AuditAnchor ReadAnchor(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero), reader.GetString(2), reader.GetString(3), reader.GetString(4));

    public static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter<T[]> Column<T>(NpgsqlDbType elementType, IReadOnlyList<AuditEntry> entries, Func<AuditEntry, T> value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | elementType, TypedValue = [.. entries.Select(value)] };

    private static string? NullableText(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static int? NullableInteger(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);
}
