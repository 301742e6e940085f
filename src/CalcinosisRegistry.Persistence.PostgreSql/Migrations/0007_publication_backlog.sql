-- 0007: the publication backlog, which replaces the outbox grains.
--
-- Every stored case version must reach two places: its site's row in site_case_index and its row in
-- statistics_shard_entry. The case grain stores its state first and publishes right after; if its silo dies in
-- between, the version must still be published. So storing a case state marks the version pending *in the same
-- transaction*, by the trigger below, and the index upserts (PostgreSqlRegistryIndexStore) delete the marks they
-- satisfy in the round trip that stores their rows. Whatever stays pending longer than a grace period is found by
-- the publication sweeper grain, which has the case publish again (idempotent: the higher version wins).
--
-- Before this, each write first announced itself to an outbox grain, whose state was one more round trip in the
-- path of every write; now the mark costs no round trip at all.
--
-- The trigger knows the case grain's state name ('case', RegistryStorage.CaseStateName) and reads the case key from
-- the string key column; versions are the storage row's, which advance by one per write exactly as the case's own
-- version does.

CREATE TABLE case_publication_pending
(
    service_id    text        NOT NULL,
    case_key      text        NOT NULL,
    receiver      text        NOT NULL CHECK (receiver IN ('site', 'shard')),
    -- The highest stored version this receiver has not confirmed yet.
    version       integer     NOT NULL CHECK (version > 0),
    -- Since when this receiver has been behind: kept across later writes, so a case written continuously is
    -- still swept when its publications keep failing.
    pending_since timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, case_key, receiver)
);

CREATE INDEX case_publication_pending_by_age ON case_publication_pending (service_id, pending_since);

CREATE FUNCTION mark_case_publication_pending() RETURNS trigger
LANGUAGE plpgsql AS
$body$
BEGIN
    INSERT INTO case_publication_pending AS held (service_id, case_key, receiver, version)
    VALUES (NEW.service_id, NEW.grain_id_extension_string, 'site', NEW.version),
           (NEW.service_id, NEW.grain_id_extension_string, 'shard', NEW.version)
    ON CONFLICT (service_id, case_key, receiver) DO UPDATE
    SET version = GREATEST(held.version, excluded.version);
    RETURN NULL;
END;
$body$;

CREATE TRIGGER case_state_marks_publication_pending
AFTER INSERT OR UPDATE OF version ON orleans_grain_state
FOR EACH ROW
WHEN (NEW.grain_type_string = 'case' AND NEW.payload_binary IS NOT NULL)
EXECUTE FUNCTION mark_case_publication_pending();
