-- 0015: the sweeper's scan of the publication backlog goes through an index again (issue 13, defect 4).
--
-- Why. 0010 dropped the age index to spare every case write one index entry, on the reasoning that the backlog only
-- holds the marks of writes in flight. After an outage it holds every write made meanwhile, and each sweep (every
-- few seconds, on every silo) then read the whole table, dead rows included, to find the oldest marks.
--
-- How. The index orders a service's marks by age, and the sweeper's query (RegistryIndexSql.FindAgedPending) now
-- asks for the oldest first, up to its limit: it reads that many index entries and stops, however large the
-- backlog. A write keeps its mark's pending_since on later writes (0007), so an upsert of an existing mark changes
-- no indexed column and the index costs the write path one entry per new mark only.

CREATE INDEX case_publication_pending_sweep_order ON case_publication_pending (service_id, pending_since);
