using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Persistence.PostgreSql.Commit;
using Npgsql;
using NpgsqlTypes;

namespace CalcinosisRegistry.Persistence.PostgreSql.Audit;

/// <summary>
/// The SQL texts of <see cref="PostgreSqlAuditLog"/> (reading, verifying) and <see cref="AuditAnchorPublisher"/>, and the
/// mapping between rows and entries. The appends are the writer's (<see cref="CommitSql"/>).
/// </summary>
internal static class AuditLogSql
{
    /// <summary>The columns of an entry, in the order <see cref="ReadEntry"/> expects: as inserted, then its listing position.</summary>
    public const string EntryColumns = CommitSql.InsertColumns + ", position";

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

    /// <summary>Every entry, chain by chain, each in sequence order (the primary key's order, so no sort).</summary>
    public const string ReadAllByChain = $"SELECT {EntryColumns} FROM audit_log ORDER BY chain_id, sequence";

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

    private static string? NullableText(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static int? NullableInteger(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);
}
