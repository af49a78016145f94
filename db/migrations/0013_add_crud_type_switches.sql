-- Registry switches any type can turn on:
-- soft_delete: DELETE sets the table's deleted_on instead of removing the row; reads leave such
--   rows (and the children of such rows) out unless an admin asks include_deleted=true;
--   POST .../{id}/restore brings one back. The table needs `deleted_on DATETIME(6) NULL`.
-- filtered_sort: 'field:sort,...[;field:sort,...]' - the default order of a list filtered on that field
--   (equality), e.g. 'session_id:occurred_on,created_on'.
-- parameter_aliases: 'alias:parameter,...' - other names a GET list accepts for its parameters.
ALTER TABLE crud_type
ADD COLUMN IF NOT EXISTS soft_delete TINYINT(1) NOT NULL DEFAULT 0 AFTER public_read,
ADD COLUMN IF NOT EXISTS filtered_sort VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER default_sort,
ADD COLUMN IF NOT EXISTS parameter_aliases VARCHAR(500) CHARACTER SET ascii COLLATE ascii_bin NULL
AFTER filtered_sort;
