-- 0012: the sweeper's settling (0011) becomes one set-based statement instead of a loop of three statements per mark.
--
-- Why. Once the case states' writes were group-committed, pg_stat_statements under the durable benchmark put the
-- settling at 0.108 ms of PostgreSQL time per case write: every case write leaves one mark, and 0011's function
-- probed each mark with three statements (the rows' versions, the delete, whether a mark is left), so most of the
-- time went to running statements rather than to the index probes themselves.
--
-- How. Same arguments, same result, same rule: a mark leaves only when the case's site row and shard row both hold its
-- version or a newer one, and the cases that still have a mark are returned to be re-published. The marks left are
-- read from the snapshot the delete started from, as those whose version is above what both rows hold (or whose rows
-- are missing); a mark written by a concurrent case write after that snapshot is not reported now, but it ages and
-- is settled by a later sweep like any other.
--
-- The backlog table churns (every case write adds a row and the sweeper deletes it), so its statistics rarely
-- describe it; as in 0010 and 0011 sequential scans are off inside the function, so every lookup goes through a key.
-- The marks are probed from the list (materialised once), never the list rescanned per mark: the first version of
-- 0011, a DELETE ... USING unnest(...), was planned that way round and became quadratic.

CREATE OR REPLACE FUNCTION settle_case_publications(
    p_service_id text, p_case_keys text[], p_site_ids text[], p_case_ids text[], p_shards integer[])
RETURNS SETOF text
LANGUAGE sql
SET enable_seqscan = off
AS
$body$
    WITH aged AS MATERIALIZED (
        SELECT *
          FROM unnest(p_case_keys, p_site_ids, p_case_ids, p_shards) AS aged (case_key, site_id, case_id, shard)
    ),
    held AS MATERIALIZED (
        SELECT aged.case_key, least(site.version, shard_entry.version) AS version
          FROM aged
          JOIN site_case_index AS site
            ON site.service_id = p_service_id AND site.site_id = aged.site_id AND site.case_id = aged.case_id
          JOIN statistics_shard_entry AS shard_entry
            ON shard_entry.service_id = p_service_id AND shard_entry.shard = aged.shard
           AND shard_entry.case_key = aged.case_key
    ),
    settled AS (
        DELETE FROM case_publication_pending AS pending
         USING held
         WHERE pending.service_id = p_service_id
           AND pending.case_key = held.case_key
           AND pending.version <= held.version
    )
    SELECT DISTINCT pending.case_key
      FROM aged
      JOIN case_publication_pending AS pending
        ON pending.service_id = p_service_id AND pending.case_key = aged.case_key
      LEFT JOIN held ON held.case_key = aged.case_key
     WHERE held.version IS NULL OR pending.version > held.version
$body$;
