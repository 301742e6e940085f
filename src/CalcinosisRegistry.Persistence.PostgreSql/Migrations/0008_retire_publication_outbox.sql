-- 0008: retire the publication outbox grains that migration 0007's backlog replaces.
--
-- A database written by the earlier code may hold stored case versions that never reached the site index or the
-- statistics (their silo died and the outbox had not re-published them yet). The old outbox state cannot be read
-- here (it is Orleans binary), so the backlog is seeded from the data itself instead: every stored case whose
-- version is ahead of its site row or its shard row is marked pending, and the sweeper publishes it. On a database
-- that never ran the outbox this finds nothing. Versions compare directly: a case's version advances by one per
-- stored write, as its storage row's does.
--
-- The outbox grains' reminders and state rows go: their grain class no longer exists, so their reminders would
-- only fail every minute.

INSERT INTO case_publication_pending AS held (service_id, case_key, receiver, version)
SELECT stored.service_id, stored.grain_id_extension_string, 'site', stored.version
FROM orleans_grain_state AS stored
WHERE stored.grain_type_string = 'case'
  AND stored.payload_binary IS NOT NULL
  AND NOT EXISTS (
      SELECT 1 FROM site_case_index AS site
      WHERE site.service_id = stored.service_id
        AND 'case:' || site.site_id || '/' || site.case_id = stored.grain_id_extension_string
        AND site.version >= stored.version)
ON CONFLICT (service_id, case_key, receiver) DO UPDATE SET version = GREATEST(held.version, excluded.version);

INSERT INTO case_publication_pending AS held (service_id, case_key, receiver, version)
SELECT stored.service_id, stored.grain_id_extension_string, 'shard', stored.version
FROM orleans_grain_state AS stored
WHERE stored.grain_type_string = 'case'
  AND stored.payload_binary IS NOT NULL
  AND NOT EXISTS (
      SELECT 1 FROM statistics_shard_entry AS shard
      WHERE shard.service_id = stored.service_id
        AND shard.case_key = stored.grain_id_extension_string
        AND shard.version >= stored.version)
ON CONFLICT (service_id, case_key, receiver) DO UPDATE SET version = GREATEST(held.version, excluded.version);

DELETE FROM orleans_reminders WHERE grain_id LIKE 'publicationoutbox/%';

DELETE FROM orleans_grain_state WHERE grain_type_string = 'publication-outbox';
