-- 0005: the audit trail, an append-only hash chain (see CalcinosisRegistry.Domain.Audit.AuditChain).
--
-- Every column of audit_log is covered by the entry's hash, so any direct UPDATE shows up in verification;
-- a gap in sequence shows a DELETE, a broken previous_hash link an INSERT or re-ordering. audit_head keeps the
-- last sequence and hash apart from the rows: a removed tail leaves a valid but shorter chain, and only the head
-- reveals it. Writers (PostgreSqlAuditLog) lock the head row with SELECT ... FOR UPDATE, insert the next entries and
-- move the head in one transaction, which is what keeps ONE chain when several silos and front ends append.

CREATE TABLE audit_log
(
    -- Assigned by the writer as head.sequence + 1, ... (no SQL sequence: those leave gaps on rollback, and a gap
    -- must always mean a removed entry).
    sequence       bigint      NOT NULL PRIMARY KEY CHECK (sequence > 0),
    -- UTC, microseconds: exactly what is hashed.
    occurred_at    timestamptz NOT NULL,
    actor          text        NOT NULL,
    role           text        NOT NULL,
    action         text        NOT NULL,
    site_id        text        NULL,
    case_id        text        NULL,
    version_before integer     NULL,
    version_after  integer     NULL,
    outcome        text        NOT NULL,
    status         integer     NULL,
    detail         text        NULL,
    previous_hash  text        NOT NULL,
    hash           text        NOT NULL
);

COMMENT ON TABLE audit_log IS
    'Append-only, hash-chained audit trail. Never UPDATE or DELETE: GET /api/admin/audit/verify will report it.';

-- The listing filters by one of these and pages in sequence order; (filter, sequence) serves both the WHERE and
-- the ORDER BY ... LIMIT without a sort, even when the log is large.
CREATE INDEX audit_log_actor_sequence   ON audit_log (actor, sequence);
CREATE INDEX audit_log_site_sequence    ON audit_log (site_id, sequence);
CREATE INDEX audit_log_case_sequence    ON audit_log (case_id, sequence);
CREATE INDEX audit_log_action_sequence  ON audit_log (action, sequence);
CREATE INDEX audit_log_outcome_sequence ON audit_log (outcome, sequence);
CREATE INDEX audit_log_occurred_at      ON audit_log (occurred_at);

CREATE TABLE audit_head
(
    -- Exactly one row: the primary key accepts only true.
    singleton boolean NOT NULL PRIMARY KEY DEFAULT true CHECK (singleton),
    sequence  bigint  NOT NULL CHECK (sequence >= 0),
    hash      text    NOT NULL
);

-- The empty log: sequence 0 and the genesis hash (64 zeros, AuditChain.GenesisHash).
INSERT INTO audit_head (singleton, sequence, hash) VALUES (true, 0, repeat('0', 64));

-- Defence in depth for roles other than the owner (the registry's own role owns the tables and keeps its rights;
-- a superuser bypasses privileges entirely). Tampering is detected by verification either way.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
REVOKE DELETE, TRUNCATE ON audit_head FROM PUBLIC;
