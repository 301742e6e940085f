-- 0020: the migration history records each applied migration's checksum.
--
-- The checksum is the lower-case hex SHA-256 of the script's text with LF line endings (what `sha256sum` prints for
-- the file). The migrator writes it with each migration it applies from now on, and fills it in for the rows applied
-- before this column existed, with the text of the build that first runs this migration. At every start it compares
-- the recorded checksums with its own scripts and refuses to migrate or start when one differs: a released migration
-- was edited. The column stays nullable because the migrations applied in the same run before this one are
-- recorded without it and filled in at the end of that run.

ALTER TABLE registry_schema_migrations ADD COLUMN checksum text;

COMMENT ON COLUMN registry_schema_migrations.checksum IS
    'SHA-256 (lower-case hex) of the migration''s text with LF line endings, as applied; a build whose script differs refuses to start.';
