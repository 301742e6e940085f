-- 0009: grain state lookups that stay single-row index lookups under prepared statements.
--
-- Why. Npgsql prepares the providers' statements (Max Auto Prepare, see RegistryPostgreSqlHosting), and PostgreSQL
-- then plans a prepared statement once per connection without looking at the parameter values: a generic plan.
-- Migration 0002 matched the key extension with
--   (grain_id_extension_string = @GrainIdExtensionString
--    OR (grain_id_extension_string IS NULL AND @GrainIdExtensionString IS NULL)),
-- which a generic plan can only use the index for down to grain_id_n1. String-keyed grains (every case) all have
-- grain_id_n0 = grain_id_n1 = 0, so that prefix is every row of the state name: each activation read scanned all
-- stored cases, 433 pages per read at 8,000 cases, and would grow with the registry.
--
-- How. The identity's last part becomes one non-null expression that still tells NULL from '':
--   coalesce('+' || grain_id_extension_string, '')   -- NULL -> '', 'k' -> '+k', '' -> '+'
-- A query that compares that expression with the same expression of the parameter is a plain equality the index
-- answers whatever the plan. Rows unique under the old constraint (NULLS NOT DISTINCT) are unique under the new
-- index, because the expression maps distinct extensions to distinct values, so building it cannot fail.

CREATE UNIQUE INDEX orleans_grain_state_identity_key
    ON orleans_grain_state (service_id, grain_type_string, grain_id_n0, grain_id_n1,
                            (coalesce('+' || grain_id_extension_string, '')));

ALTER TABLE orleans_grain_state DROP CONSTRAINT orleans_grain_state_identity;

COMMENT ON INDEX orleans_grain_state_identity_key IS
    'The grain identity. Queries must match the extension as coalesce(''+'' || grain_id_extension_string, '''') to use it.';

-- The query texts carry no comments: Npgsql rewrites a query's named parameters on every execution, so every
-- character of text is work on every grain read and write. What each does:
--  * ReadFromStorageKey:
--      0 or 1 row. A NULL payload means "cleared": Orleans then hands out new state with this version as ETag.
--  * WriteToStorageKey:
--      One atomic statement for both paths; the guards on @GrainStateVersion make exactly one CTE act.
--       * First write (no ETag yet): insert version 1 unless the identity exists. ON CONFLICT DO NOTHING
--         makes a concurrent loser return no row, which Orleans turns into InconsistentStateException.
--       * Update (ETag = stored version): replace the payload and bump the version; a stale ETag
--         matches no row, so again no row comes back and Orleans reports the conflict.
--  * ClearStorageKey:
--      Keeps the row with a NULL payload and a bumped version, so the next write of the grain is an update.
--      Orleans reads column 0 and needs the NEW version; no row means a version conflict.
--  * DeleteStorageKey:
--      Only used with DeleteStateOnClear=true. Orleans still needs one row whose value differs from
--      the version it sent (returning the old version would look like a conflict), hence version + 1.

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    'ReadFromStorageKey',
    $query$
    SELECT payload_binary AS PayloadBinary,
           version        AS Version
      FROM orleans_grain_state
     WHERE service_id        = @ServiceId
       AND grain_type_string = @GrainTypeString
       AND grain_id_n0       = @GrainIdN0
       AND grain_id_n1       = @GrainIdN1
       AND coalesce('+' || grain_id_extension_string, '') = coalesce('+' || @GrainIdExtensionString, '')
    $query$
),
(
    'WriteToStorageKey',
    $query$
    WITH first_write AS
    (
        INSERT INTO orleans_grain_state
               (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string,
                grain_id_hash, grain_type_hash, payload_binary, version)
        SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
               @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1
         WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING version
    ),
    next_write AS
    (
        UPDATE orleans_grain_state
           SET payload_binary  = @PayloadBinary,
               grain_id_hash   = @GrainIdHash,
               grain_type_hash = @GrainTypeHash,
               version         = version + 1,
               modified_on     = now()
         WHERE @GrainStateVersion IS NOT NULL
           AND version           = @GrainStateVersion
           AND service_id        = @ServiceId
           AND grain_type_string = @GrainTypeString
           AND grain_id_n0       = @GrainIdN0
           AND grain_id_n1       = @GrainIdN1
           AND coalesce('+' || grain_id_extension_string, '') = coalesce('+' || @GrainIdExtensionString, '')
        RETURNING version
    )
    SELECT version AS NewGrainStateVersion FROM first_write
    UNION ALL
    SELECT version AS NewGrainStateVersion FROM next_write
    $query$
),
(
    'ClearStorageKey',
    $query$
    UPDATE orleans_grain_state
       SET payload_binary = NULL,
           version        = version + 1,
           modified_on    = now()
     WHERE version           = @GrainStateVersion
       AND service_id        = @ServiceId
       AND grain_type_string = @GrainTypeString
       AND grain_id_n0       = @GrainIdN0
       AND grain_id_n1       = @GrainIdN1
       AND coalesce('+' || grain_id_extension_string, '') = coalesce('+' || @GrainIdExtensionString, '')
    RETURNING version AS NewGrainStateVersion
    $query$
),
(
    'DeleteStorageKey',
    $query$
    DELETE FROM orleans_grain_state
     WHERE version           = @GrainStateVersion
       AND service_id        = @ServiceId
       AND grain_type_string = @GrainTypeString
       AND grain_id_n0       = @GrainIdN0
       AND grain_id_n1       = @GrainIdN1
       AND coalesce('+' || grain_id_extension_string, '') = coalesce('+' || @GrainIdExtensionString, '')
    RETURNING version + 1 AS NewGrainStateVersion
    $query$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
