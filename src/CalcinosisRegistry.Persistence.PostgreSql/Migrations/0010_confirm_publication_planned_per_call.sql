-- 0010: confirming publications is planned for the table as it is at each call.
--
-- Why. The index store deletes the backlog marks its upserts satisfy (migration 0007) with one statement per batch.
-- Npgsql prepares that statement, and PostgreSQL soon reuses one generic plan for it on each connection. That plan
-- is chosen while the backlog is nearly empty, where scanning the whole table is cheapest; but the table churns
-- (every case write inserts two marks and the next batch deletes them), so between vacuums it holds hundreds of
-- pages of dead rows, and the kept plan scanned them all on every batch: 173 pages and 2 ms per call in one run,
-- 0.12 ms in another, depending only on when each connection fixed its plan.
--
-- How. The delete moves into a function that sets plan_cache_mode = force_custom_plan. PostgreSQL plans a SQL
-- function's statement when it is called, from the table's current size (and, where it caches such plans, a custom
-- plan uses the actual arrays), so a bloated backlog is read through its primary key.

CREATE FUNCTION confirm_case_publication(p_service_id text, p_receiver text, p_case_keys text[], p_versions integer[])
RETURNS void
LANGUAGE sql
SET plan_cache_mode = force_custom_plan
AS
$body$
    DELETE FROM case_publication_pending AS held
    USING unnest(p_case_keys, p_versions) AS stored(case_key, version)
    WHERE held.service_id = p_service_id
      AND held.receiver = p_receiver
      AND held.case_key = stored.case_key
      AND held.version <= stored.version;
$body$;
