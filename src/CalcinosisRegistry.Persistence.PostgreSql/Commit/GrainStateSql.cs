using Npgsql;
using NpgsqlTypes;

namespace CalcinosisRegistry.Persistence.PostgreSql.Commit;

/// <summary>
/// The group-committed write of many grains' state rows in one statement, with the same rules as the provider's
/// <c>WriteToStorageKey</c> query (migration 0009), row by row: a first write inserts version 1 unless the grain
/// already has a row; an update replaces the payload and bumps the version only where the stored version is the one
/// the grain read. A refused row is simply missing from the result, so one stale grain never fails the others.
/// </summary>
internal static class GrainStateSql
{
    /// <summary>
    /// $1 service id; $2..$7 arrays of equal length: state name, grain key, expected version (NULL = first write),
    /// payload, grain id hash, grain type hash. Returns (state name, grain key, new version) per stored row.
    /// </summary>
    public const string WriteMany = $"""
        WITH {WriteCommonTableExpressions}
        SELECT * FROM first_write
        UNION ALL
        SELECT * FROM next_write
        """;

    /// <summary>
    /// The writes of <see cref="WriteMany"/> as common table expressions (<c>first_write</c> and <c>next_write</c>
    /// return the stored rows), for statements that do more in the same breath (the audited write, see
    /// <see cref="CommitSql.WriteStatesAndAppendAllOrNothing"/>). Same parameters, $1..$7.
    /// </summary>
    public const string WriteCommonTableExpressions = """
        input AS (
            SELECT * FROM unnest($2::text[], $3::text[], $4::integer[], $5::bytea[], $6::integer[], $7::integer[])
                AS t (state_name, grain_key, expected_version, payload, id_hash, type_hash)
        ),
        first_write AS (
            INSERT INTO orleans_grain_state AS stored
                   (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string,
                    grain_id_hash, grain_type_hash, payload_binary, version)
            SELECT $1, state_name, 0, 0, grain_key, id_hash, type_hash, payload, 1
              FROM input
             WHERE expected_version IS NULL
            ON CONFLICT DO NOTHING
            RETURNING stored.grain_type_string, stored.grain_id_extension_string, stored.version
        ),
        next_write AS (
            UPDATE orleans_grain_state AS stored
               SET payload_binary  = input.payload,
                   grain_id_hash   = input.id_hash,
                   grain_type_hash = input.type_hash,
                   version         = stored.version + 1,
                   modified_on     = now()
              FROM input
             WHERE input.expected_version IS NOT NULL
               AND stored.service_id = $1
               AND stored.grain_type_string = input.state_name
               AND stored.grain_id_n0 = 0
               AND stored.grain_id_n1 = 0
               AND coalesce('+' || stored.grain_id_extension_string, '') = '+' || input.grain_key
               AND stored.version = input.expected_version
            RETURNING stored.grain_type_string, stored.grain_id_extension_string, stored.version
        )
        """;

    /// <summary>
    /// Puts <paramref name="writes"/> in key order (two silos' batches, after a duplicate activation, then lock shared
    /// rows in the same order) and adds them as $1..$7 of <see cref="WriteMany"/>.
    /// </summary>
    public static void AddWrites(NpgsqlParameterCollection parameters, string serviceId, List<PendingGrainStateWrite> writes)
    {
        writes.Sort((left, right) =>
        {
            var byState = string.CompareOrdinal(left.StateName, right.StateName);
            return byState != 0 ? byState : string.CompareOrdinal(left.GrainKey, right.GrainKey);
        });
        parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = serviceId });
        parameters.Add(Array(NpgsqlDbType.Text, writes.Select(write => write.StateName).ToArray()));
        parameters.Add(Array(NpgsqlDbType.Text, writes.Select(write => write.GrainKey).ToArray()));
        parameters.Add(Array(NpgsqlDbType.Integer, writes.Select(write => write.ExpectedVersion).ToArray()));
        parameters.Add(Array(NpgsqlDbType.Bytea, writes.Select(write => write.Payload).ToArray()));
        parameters.Add(Array(NpgsqlDbType.Integer, writes.Select(write => write.GrainIdHash).ToArray()));
        parameters.Add(Array(NpgsqlDbType.Integer, writes.Select(write => write.GrainTypeHash).ToArray()));
    }

    /// <summary>
    /// Reads a result whose three columns are (state name, grain key, new version) per stored row, as
    /// <see cref="WriteMany"/> returns; a row of nulls (the audited write's answer when nothing was stored) is
    /// skipped. Look a write's outcome up with <see cref="VersionOf"/>.
    /// </summary>
    public static async Task<Dictionary<(string StateName, string GrainKey), int>> ReadStoredVersionsAsync(NpgsqlDataReader reader)
    {
        var stored = new Dictionary<(string, string), int>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            if (!reader.IsDBNull(0))
            {
                stored[(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
            }
        }

        return stored;
    }

    /// <summary>The new version of <paramref name="write"/>'s row, or null when the row refused it (it is not among the stored).</summary>
    public static int? VersionOf(Dictionary<(string StateName, string GrainKey), int> stored, PendingGrainStateWrite write) =>
        stored.TryGetValue((write.StateName, write.GrainKey), out var version) ? version : null;

    private static NpgsqlParameter<T[]> Array<T>(NpgsqlDbType elementType, T[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | elementType, TypedValue = values };
}
