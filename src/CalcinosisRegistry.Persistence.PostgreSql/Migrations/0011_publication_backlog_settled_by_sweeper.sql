-- 0011: the publication backlog is settled in bulk by the sweeper instead of row by row by every index batch.
--
-- Why. Until now each case write marked two rows pending (one per receiver: site index and statistics shard), and
-- each index batch deleted the marks it satisfied with one confirm_case_publication call per receiver. Measured with
-- pg_stat_statements under the durable benchmark, that bookkeeping was a third of PostgreSQL's time per case write:
-- 0.12 ms for the trigger's two rows and 0.20 ms for the confirmations (0.34 ms per call, about 3.5 marks each),
-- against 0.37 ms for the state write itself.
--
-- How. The index tables already record the version they hold for every case, so whether a mark is satisfied can be
-- read from them at any time; nobody needs to delete it the moment it is. Now:
--   * a case write marks one row (receiver 'case'), in the same transaction as its state, as before;
--   * the index batches only store their rows;
--   * the sweeper, every few seconds, takes the marks older than its grace period and deletes, in one call,
--     those whose site row and shard row both hold the version (settle_case_publications, below); what remains is
--     really behind and is re-published, as before.
-- The guarantee is unchanged: a mark leaves only when both receivers hold its version or a newer one.
--
-- Rows written before this migration, one per receiver ('site', 'shard'), are settled by the same rule: a mark is
-- satisfied when both receivers hold its version, whichever receiver it named.

ALTER TABLE case_publication_pending DROP CONSTRAINT case_publication_pending_receiver_check;
ALTER TABLE case_publication_pending ADD CONSTRAINT case_publication_pending_receiver_check
    CHECK (receiver IN ('case', 'site', 'shard'));

CREATE OR REPLACE FUNCTION mark_case_publication_pending() RETURNS trigger
LANGUAGE plpgsql AS
$body$
BEGIN
    INSERT INTO case_publication_pending AS held (service_id, case_key, receiver, version)
    VALUES (NEW.service_id, NEW.grain_id_extension_string, 'case', NEW.version)
    ON CONFLICT (service_id, case_key, receiver) DO UPDATE
    SET version = GREATEST(held.version, excluded.version);
    RETURN NULL;
END;
$body$;

DROP FUNCTION confirm_case_publication(text, text, text[], integer[]);

-- Deletes the marks of the given cases that both receivers satisfy and returns the cases still marked. The caller
-- passes each case's site, case id and shard, which only the application can compute (the shard is a hash of the
-- key). One case at a time, by primary key, with sequential scans off (see 0010 for why the plan must be forced):
-- a single statement joining the list to the tables let the planner rescan the whole list for every backlog row,
-- seconds per sweep once the backlog held a few thousand marks.
CREATE FUNCTION settle_case_publications(
    p_service_id text, p_case_keys text[], p_site_ids text[], p_case_ids text[], p_shards integer[])
RETURNS SETOF text
LANGUAGE plpgsql
SET enable_seqscan = off
AS
$body$
DECLARE
    held_everywhere integer;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_case_keys, 1), 0) LOOP
        SELECT least(site.version, shard_entry.version)
          INTO held_everywhere
          FROM site_case_index AS site, statistics_shard_entry AS shard_entry
         WHERE site.service_id = p_service_id
           AND site.site_id = p_site_ids[i]
           AND site.case_id = p_case_ids[i]
           AND shard_entry.service_id = p_service_id
           AND shard_entry.shard = p_shards[i]
           AND shard_entry.case_key = p_case_keys[i];

        IF held_everywhere IS NOT NULL THEN
            DELETE FROM case_publication_pending
             WHERE service_id = p_service_id
               AND case_key = p_case_keys[i]
               AND version <= held_everywhere;
        END IF;

        IF EXISTS (SELECT 1 FROM case_publication_pending WHERE service_id = p_service_id AND case_key = p_case_keys[i]) THEN
            RETURN NEXT p_case_keys[i];
        END IF;
    END LOOP;
END;
$body$;
