-- 0002: grain state for the Orleans ADO.NET grain storage provider.
--
-- Identity. The provider can only tell grains apart by
-- (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString), where
-- GrainTypeString is the *state name* (not the grain class) and a NULL extension must equal NULL
-- but differ from ''. The unique constraint therefore uses NULLS NOT DISTINCT (PostgreSQL 15+).
-- Without it two concurrent first writes of one grain could both insert, and every later read
-- would fail with "Sequence contains more than one element".
--
-- The two hash columns are stored for diagnostics only. They are deliberately kept out of the
-- identity and out of the WHERE clauses: switching hasher (e.g. to the Orleans-3 compatible one)
-- would otherwise make existing rows invisible while the unique key still blocks re-inserting them.

CREATE TABLE orleans_grain_state
(
    service_id                text    NOT NULL,
    grain_type_string         text    NOT NULL,
    grain_id_n0               bigint  NOT NULL,
    grain_id_n1               bigint  NOT NULL,
    -- The whole key of string-keyed grains lands here and Orleans does not limit its length: text.
    grain_id_extension_string text    NULL,
    grain_id_hash             integer NOT NULL,
    grain_type_hash           integer NOT NULL,
    -- NULL after ClearStateAsync: the row (and its version) survives so the grain's ETag stays valid.
    payload_binary            bytea   NULL,
    -- Never NULL for an existing row, otherwise the provider would take the first-write path forever.
    version                   integer NOT NULL,
    modified_on               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_grain_state_identity
        UNIQUE NULLS NOT DISTINCT (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string)
);

COMMENT ON TABLE orleans_grain_state IS
    'Orleans grain state. Keyed by state name, not grain class: give each grain class its own state name.';

-- The lookup used by every query below. It compares the extension with
--   (grain_id_extension_string = @GrainIdExtensionString
--    OR (grain_id_extension_string IS NULL AND @GrainIdExtensionString IS NULL))
-- rather than IS NOT DISTINCT FROM, because Npgsql's unnamed statements are planned with the actual
-- parameter values: the OR collapses to either "= value" or "IS NULL", both of which can use the
-- unique index, whereas IS NOT DISTINCT FROM cannot.

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    'ReadFromStorageKey',
    $query$
    -- 0 or 1 row. A NULL payload means "cleared": Orleans then hands out new state with this version as ETag.
    SELECT payload_binary AS PayloadBinary,
           version        AS Version
      FROM orleans_grain_state
     WHERE service_id        = @ServiceId
       AND grain_type_string = @GrainTypeString
       AND grain_id_n0       = @GrainIdN0
       AND grain_id_n1       = @GrainIdN1
       AND (grain_id_extension_string = @GrainIdExtensionString
            OR (grain_id_extension_string IS NULL AND @GrainIdExtensionString IS NULL))
    $query$
),
(
    'WriteToStorageKey',
    $query$
    -- One atomic statement for both paths; the guards on @GrainStateVersion make exactly one CTE act.
    --  * First write (no ETag yet): insert version 1 unless the identity exists. ON CONFLICT DO NOTHING
    --    makes a concurrent loser return no row, which Orleans turns into InconsistentStateException.
    --  * Update (ETag = stored version): replace the payload and bump the version; a stale ETag
    --    matches no row, so again no row comes back and Orleans reports the conflict.
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
           AND (grain_id_extension_string = @GrainIdExtensionString
                OR (grain_id_extension_string IS NULL AND @GrainIdExtensionString IS NULL))
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
    -- Keeps the row with a NULL payload and a bumped version, so the next write of the grain is an update.
    -- Orleans reads column 0 and needs the NEW version; no row means a version conflict.
    UPDATE orleans_grain_state
       SET payload_binary = NULL,
           version        = version + 1,
           modified_on    = now()
     WHERE version           = @GrainStateVersion
       AND service_id        = @ServiceId
       AND grain_type_string = @GrainTypeString
       AND grain_id_n0       = @GrainIdN0
       AND grain_id_n1       = @GrainIdN1
       AND (grain_id_extension_string = @GrainIdExtensionString
            OR (grain_id_extension_string IS NULL AND @GrainIdExtensionString IS NULL))
    RETURNING version AS NewGrainStateVersion
    $query$
),
(
    'DeleteStorageKey',
    $query$
    -- Only used with DeleteStateOnClear=true. Orleans still needs one row whose value differs from
    -- the version it sent (returning the old version would look like a conflict), hence version + 1.
    DELETE FROM orleans_grain_state
     WHERE version           = @GrainStateVersion
       AND service_id        = @ServiceId
       AND grain_type_string = @GrainTypeString
       AND grain_id_n0       = @GrainIdN0
       AND grain_id_n1       = @GrainIdN1
       AND (grain_id_extension_string = @GrainIdExtensionString
            OR (grain_id_extension_string IS NULL AND @GrainIdExtensionString IS NULL))
    RETURNING version + 1 AS NewGrainStateVersion
    $query$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
