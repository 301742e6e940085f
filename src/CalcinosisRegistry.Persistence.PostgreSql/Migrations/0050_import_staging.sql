-- 0050: staged imports, one row per case and per fault (PostgreSqlImportStagingStore, issue 18).
--
-- A staged import used to live in its grain's state, every validated document included, so a large upload made a
-- state row of gigabytes, rewritten at each checkpoint. Now the grain keeps counts and the cases stay here, written
-- with COPY as the upload is read and read back a page at a time. Rows are keyed by the Orleans service id and the
-- import's grain key (import:{site}/{import}) and go with their import (ON DELETE CASCADE) when it is forgotten.

CREATE TABLE import_staging
(
    service_id text        NOT NULL,
    import_key text        NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (service_id, import_key)
);

CREATE INDEX import_staging_expiry ON import_staging (expires_at);

CREATE TABLE import_staged_case
(
    service_id     text     NOT NULL,
    import_key     text     NOT NULL,
    -- 0-based upload order: pages and the commit read in this order.
    ordinal        integer  NOT NULL CHECK (ordinal >= 0),
    case_id        text     NOT NULL,
    -- CalcinosisRegistry.Contracts.Bulk.ImportPreview and ImportOutcome as their numbers.
    preview        smallint NOT NULL,
    changed_fields text[]   NOT NULL,
    base_version   integer  NOT NULL CHECK (base_version >= 0),
    -- The validated case document; NULL when refused, and dropped once the case is written.
    document       text     NULL,
    outcome        smallint NOT NULL DEFAULT 0,
    version_after  integer  NULL,
    PRIMARY KEY (service_id, import_key, ordinal),
    FOREIGN KEY (service_id, import_key) REFERENCES import_staging ON DELETE CASCADE
);

CREATE TABLE import_staged_fault
(
    service_id  text    NOT NULL,
    import_key  text    NOT NULL,
    ordinal     integer NOT NULL CHECK (ordinal >= 0),
    case_id     text    NULL,
    message     text    NOT NULL,
    file        text    NULL,
    row_number  integer NULL,
    column_name text    NULL,
    line        bigint  NULL,
    json_path   text    NULL,
    PRIMARY KEY (service_id, import_key, ordinal),
    FOREIGN KEY (service_id, import_key) REFERENCES import_staging ON DELETE CASCADE
);
