-- 0014: the sweeper's settling never waits for a mark a case write holds, so the two cannot deadlock (issue 13,
-- defect 2).
--
-- Why. A case write's trigger (0007, 0011) upserts its case's mark, and holds it until the write's transaction ends;
-- a group-committed write marks many cases in one transaction, in its own row order. settle_case_publications (0012)
-- deleted the satisfied marks in the order of its plan. Each could hold a mark the other was waiting for, and
-- PostgreSQL then aborted one of them ("deadlock detected ... while deleting tuple in case_publication_pending"):
-- when that was the write, a whole batch of case writes failed. Reproduced by PublicationSweepDeadlockTests.
--
-- How. The settling first claims the satisfied marks with FOR UPDATE SKIP LOCKED and deletes only those. A mark a
-- write holds is skipped, never waited for, so the sweeper waits for no lock at all and cannot close a cycle; a
-- write may still wait for a mark the sweeper is deleting, which ends as soon as the sweeper's statement commits.
-- A skipped mark belongs to a write in flight: it stays, ages, and a later sweep settles it like any other. Locking
-- re-reads a mark changed since the statement's snapshot and re-checks it, so a mark a write raised to a newer
-- version than the receivers hold is not deleted. Same arguments, same result, same rule as 0012 otherwise.

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
    claimed AS MATERIALIZED (
        SELECT pending.case_key, pending.receiver
          FROM held
          JOIN case_publication_pending AS pending
            ON pending.service_id = p_service_id AND pending.case_key = held.case_key
         WHERE pending.version <= held.version
           FOR UPDATE OF pending SKIP LOCKED
    ),
    settled AS (
        DELETE FROM case_publication_pending AS pending
         USING claimed
         WHERE pending.service_id = p_service_id
           AND pending.case_key = claimed.case_key
           AND pending.receiver = claimed.receiver
    )
    SELECT DISTINCT pending.case_key
      FROM aged
      JOIN case_publication_pending AS pending
        ON pending.service_id = p_service_id AND pending.case_key = aged.case_key
      LEFT JOIN held ON held.case_key = aged.case_key
     WHERE held.version IS NULL OR pending.version > held.version
$body$;
