-- 0006: the site case index and the statistics shard entries, one row per case (PostgreSqlRegistryIndexStore).
--
-- These used to be two grain-state blobs per site and per shard, rewritten whole on every case write, so a write
-- cost grew with the registry (about 1 MB at 100,000 cases). With a row per case a write stores that case's row.
-- Every upsert keeps the higher version (ON CONFLICT ... WHERE stored.version < excluded.version), so late or
-- repeated batches, in any order and from any silo, never replace a newer entry. Rows are never deleted except by a
-- statistics rebuild replacing a shard: withdrawn cases stay as tombstones, so a late older message is recognised.

CREATE TABLE site_case_index
(
    service_id       text    NOT NULL,
    site_id          text    NOT NULL,
    case_id          text    NOT NULL,
    version          integer NOT NULL CHECK (version > 0),
    withdrawn        boolean NOT NULL,
    -- The type's wire name; NULL for a withdrawn case.
    calcinosis_type  text    NULL,
    -- UTC ticks (100 ns), so the listing shows exactly the case's own timestamp (timestamptz keeps microseconds).
    updated_at_ticks bigint  NOT NULL,
    -- A site's index is read in case-id order, which this key also serves.
    PRIMARY KEY (service_id, site_id, case_id)
);

CREATE TABLE statistics_shard_entry
(
    service_id   text    NOT NULL,
    shard        integer NOT NULL CHECK (shard >= 0),
    case_key     text    NOT NULL,
    version      integer NOT NULL CHECK (version > 0),
    -- The case's CaseContribution as JSON (System.Text.Json, enums by name); NULL for a withdrawn case (tombstone).
    contribution jsonb   NULL,
    PRIMARY KEY (service_id, shard, case_key)
);
