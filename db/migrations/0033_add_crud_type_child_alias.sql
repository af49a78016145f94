-- child_alias: a shorter name for a child type in its parent's nested URLs, so
-- /v3/crud/journal/{id}/entry/ names journal_entry as /v3/crud/journal/{id}/journal_entry/ does.
-- Unique among a parent's children (the registry resolves it under the URL's parent only).
ALTER TABLE crud_type
ADD COLUMN IF NOT EXISTS child_alias VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER parent_column,
ADD UNIQUE KEY IF NOT EXISTS uq_crud_type_child_alias (parent_name, child_alias);

UPDATE crud_type SET child_alias = 'entry'
WHERE name = 'journal_entry';

UPDATE crud_type SET child_alias = 'domain'
WHERE name = 'site_domain';
