namespace CalcinosisRegistry.Persistence.PostgreSql;

/// <summary>
/// The statements of <see cref="PostgreSqlRegistryIndexStore"/> on the tables of migration 0006. Batches travel as
/// arrays and are expanded by <c>unnest</c>, so any number of entries is one statement and one round trip; rows are
/// inserted in array order (the caller sorts by key) so two batches touching the same keys lock them in the same
/// order and cannot deadlock. Positional parameters: no SQL rewriting on every call.
/// </summary>
internal static class RegistryIndexSql
{
    /// <summary>$1 service, $2 site.</summary>
    public const string LoadSite = """
        SELECT case_id, version, withdrawn, calcinosis_type, updated_at_ticks
        FROM site_case_index
        WHERE service_id = $1 AND site_id = $2
        """;

    /// <summary>$1 service, $2..$7 arrays: site ids, case ids, versions, withdrawn, types, updated-at ticks.</summary>
    public const string UpsertSites = """
        INSERT INTO site_case_index AS stored (service_id, site_id, case_id, version, withdrawn, calcinosis_type, updated_at_ticks)
        SELECT $1, batch.site_id, batch.case_id, batch.version, batch.withdrawn, batch.calcinosis_type, batch.updated_at_ticks
        FROM unnest($2::text[], $3::text[], $4::integer[], $5::boolean[], $6::text[], $7::bigint[])
             WITH ORDINALITY AS batch(site_id, case_id, version, withdrawn, calcinosis_type, updated_at_ticks, position)
        ORDER BY batch.position
        ON CONFLICT (service_id, site_id, case_id) DO UPDATE
        SET version = excluded.version,
            withdrawn = excluded.withdrawn,
            calcinosis_type = excluded.calcinosis_type,
            updated_at_ticks = excluded.updated_at_ticks
        WHERE stored.version < excluded.version
        """;

    /// <summary>
    /// $1 service, $2 minimum age in seconds, $3 limit: the cases of the oldest marks pending for at least that long,
    /// oldest first. Read in the order of migration 0015's index, so a sweep reads as many entries as it takes, however
    /// large the backlog. A case marked before 0011 may have two marks, so a case may come twice.
    /// </summary>
    public const string FindAgedPending = """
        SELECT case_key
        FROM case_publication_pending
        WHERE service_id = $1 AND pending_since <= now() - make_interval(secs => $2)
        ORDER BY pending_since
        LIMIT $3
        """;

    /// <summary>
    /// $1 service, $2..$5 arrays: case keys, their site ids, case ids and shards. Deletes the marks both receivers
    /// hold and returns the listed cases still marked (migration 0011's function, which forces primary-key probes).
    /// </summary>
    public const string SettlePublications = """
        SELECT still_pending FROM settle_case_publications($1, $2::text[], $3::text[], $4::text[], $5::integer[]) AS still_pending
        """;

    /// <summary>$1 service, $2 shard.</summary>
    public const string LoadShard = """
        SELECT case_key, version, contribution::text
        FROM statistics_shard_entry
        WHERE service_id = $1 AND shard = $2
        """;

    /// <summary>$1 service, $2..$5 arrays: shards, case keys, versions, contributions (JSON or NULL).</summary>
    public const string UpsertShards = """
        INSERT INTO statistics_shard_entry AS stored (service_id, shard, case_key, version, contribution)
        SELECT $1, batch.shard, batch.case_key, batch.version, batch.contribution
        FROM unnest($2::integer[], $3::text[], $4::integer[], $5::jsonb[])
             WITH ORDINALITY AS batch(shard, case_key, version, contribution, position)
        ORDER BY batch.position
        ON CONFLICT (service_id, shard, case_key) DO UPDATE
        SET version = excluded.version,
            contribution = excluded.contribution
        WHERE stored.version < excluded.version
        """;

    /// <summary>
    /// As <see cref="UpsertShards"/> for one shard ($2; arrays $3..$5), but first deletes the shard's rows the batch does not list, and overwrites rows
    /// of the same version (a rebuild recomputes contributions of unchanged cases). One statement, so atomic: the
    /// deleted and the upserted rows are disjoint, and a reader sees the old shard or the new one.
    /// </summary>
    public const string ReplaceShard = """
        WITH removed AS (
            DELETE FROM statistics_shard_entry AS old
            WHERE old.service_id = $1 AND old.shard = $2
              AND NOT EXISTS (SELECT 1 FROM unnest($3::text[]) AS kept(case_key) WHERE kept.case_key = old.case_key)
        )
        INSERT INTO statistics_shard_entry AS stored (service_id, shard, case_key, version, contribution)
        SELECT $1, $2, batch.case_key, batch.version, batch.contribution
        FROM unnest($3::text[], $4::integer[], $5::jsonb[])
             WITH ORDINALITY AS batch(case_key, version, contribution, position)
        ORDER BY batch.position
        ON CONFLICT (service_id, shard, case_key) DO UPDATE
        SET version = excluded.version,
            contribution = excluded.contribution
        WHERE stored.version <= excluded.version
        """;
}
