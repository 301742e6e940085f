-- 0010: cheaper upkeep of the publication backlog, which every case write touches twice.
--
-- 1. Confirming publications reads the backlog through its primary key, however the table looked when planned.
--
-- Why. The index store deletes the backlog marks its upserts satisfy (migration 0007) with one statement per batch.
-- Npgsql prepares that statement, and PostgreSQL soon keeps one generic plan for it per connection. On a new
-- registry that plan is chosen while the backlog is empty, where scanning the whole table is cheapest; but the table
-- churns (every case write inserts two marks and the next batch deletes them), so between vacuums it holds hundreds
-- of pages of dead rows, and the kept plan scanned them all on every batch: 173 pages and 2 ms per call in one run,
-- 0.12 ms in another, depending only on when each connection fixed its plan.
--
-- How. A function deletes the marks one primary key at a time, with sequential scans switched off for its own
-- statements: the only plan left for a full-key equality is one index probe, and PL/pgSQL may cache it forever.

CREATE FUNCTION confirm_case_publication(p_service_id text, p_receiver text, p_case_keys text[], p_versions integer[])
RETURNS void
LANGUAGE plpgsql
SET enable_seqscan = off
AS
$body$
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_case_keys, 1), 0) LOOP
        DELETE FROM case_publication_pending
         WHERE service_id = p_service_id
           AND case_key = p_case_keys[i]
           AND receiver = p_receiver
           AND version <= p_versions[i];
    END LOOP;
END;
$body$;

-- 2. The age index goes. Each mark cost two index entries (primary key and age) to insert and later to clean up,
-- for the sake of the sweeper's query, which runs every two seconds per silo over a table that only ever holds
-- the marks of writes in flight (or, after an outage, of the writes it must re-publish): a sequential scan of it
-- is cheap, and the write path is not.

DROP INDEX case_publication_pending_by_age;
