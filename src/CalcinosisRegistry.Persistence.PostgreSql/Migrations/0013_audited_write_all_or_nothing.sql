-- 0013: a case state and its audit entry commit together or not at all (issue 13, defect 1).
--
-- Why. The audit writer sends a batch of case states and their entries as one round trip (BEGIN; the statement;
-- COMMIT) hashed from the head this process left. When another process had moved the head, or one row of the batch
-- was refused, the statement stored the rows but appended no entry, the COMMIT went through anyway, and the entries
-- followed in a second transaction: a crash or a lost connection in between left stored versions that the audit
-- trail never recorded.
--
-- How. The statement now ends by calling this function with how many entries it appended and how many it had to. If
-- they differ it raises, so the transaction aborts and the COMMIT queued behind it in the same round trip never runs:
-- the rows are not stored either. The writer then redoes the whole batch in one transaction under the head lock.
-- The error code is the registry's own (class RG), so the writer tells this expected outcome from a real fault.

CREATE FUNCTION require_audit_entries_appended(p_appended integer, p_expected integer)
RETURNS integer
LANGUAGE plpgsql
AS
$body$
BEGIN
    IF p_appended <> p_expected THEN
        RAISE EXCEPTION 'the audit head moved or a row was refused: % of % entries appended, so the batch is rolled back',
            p_appended, p_expected
            USING ERRCODE = 'RG001';
    END IF;

    RETURN p_appended;
END;
$body$;
