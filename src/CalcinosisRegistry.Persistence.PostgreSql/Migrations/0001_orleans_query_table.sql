-- 0001: the query catalogue the Orleans ADO.NET providers read at start-up.
--
-- Every provider runs a hard-coded, unquoted `SELECT QueryKey, QueryText FROM OrleansQuery`.
-- PostgreSQL folds unquoted identifiers to lower case, so the table must be called
-- orleansquery (never quoted "OrleansQuery") and must be reachable on the role's search_path.
-- Both columns are read with a hard string cast, hence text and NOT NULL.
-- Query keys are compared case-sensitively by Orleans, so they are stored exactly as Orleans spells them.

CREATE TABLE orleansquery
(
    querykey  text NOT NULL,
    querytext text NOT NULL,
    CONSTRAINT orleansquery_pkey PRIMARY KEY (querykey)
);

COMMENT ON TABLE orleansquery IS
    'Query texts for the Orleans ADO.NET providers, keyed by the provider''s query key. Loaded once per provider start: restart silos after changing a row.';
