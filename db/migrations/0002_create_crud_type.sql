-- The object-type registry: the API reads it at startup and serves /v3/crud/{type} for every row.
-- Adding a type is one migration: its table, its view (db/views/v_<type>.sql) and a row here.
-- Field lists are comma-separated public field names; `<type>_id_random` names a reference to
-- another registered type (stored in the column `<type>_id`), `for_id_random` a polymorphic one.
CREATE TABLE IF NOT EXISTS crud_type (
    name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    table_name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    view_name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    alt_view_name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    parent_name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    parent_column VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    writable_fields VARCHAR(2000) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
    searchable_fields VARCHAR(2000) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
    default_sort VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'id_random',
    public_read TINYINT(1) NOT NULL DEFAULT 0,
    write_role ENUM('write', 'admin') NOT NULL DEFAULT 'write',
    insert_procedure VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL DEFAULT 'crud_insert',
    update_procedure VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL DEFAULT 'crud_update',
    delete_procedure VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL DEFAULT 'crud_delete',
    description VARCHAR(500) NULL,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (name),
    CONSTRAINT parent_column CHECK ((parent_name IS NULL) = (parent_column IS NULL))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
