-- One row per run of an integration's sync (the Novi-to-Mailman mirror, the Zoom Events ticket
-- sync): when, whether it was a dry run, and its report (per list or event: added, removed or
-- changed, unchanged, failed). Admins read them as the CRUD type sync_run (read-only).
CREATE TABLE IF NOT EXISTS sync_run (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    site_id INT UNSIGNED NULL,
    kind ENUM('mailman', 'zoom') NOT NULL,
    dry_run TINYINT(1) NOT NULL DEFAULT 0,
    status ENUM('running', 'succeeded', 'failed') NOT NULL DEFAULT 'running',
    report_json JSON NULL,
    error TEXT NULL,
    started_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    finished_on DATETIME(6) NULL,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_sync_run_id_random (id_random),
    KEY ix_sync_run_sort (account_id, started_on DESC, id_random),
    CONSTRAINT fk_sync_run_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_sync_run_site FOREIGN KEY (site_id) REFERENCES site (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO crud_type (
    name, table_name, view_name, parent_name, parent_column, writable_fields, searchable_fields,
    default_sort, write_role, read_role, insert_procedure, update_procedure, delete_procedure, description
) VALUES (
    'sync_run', 'sync_run', 'v_sync_run', NULL, NULL, '',
    'id_random,site_id_random,kind,dry_run,status,started_on,finished_on,created_on',
    '-started_on', 'admin', 'admin', NULL, NULL, NULL,
    'A run of an integration''s sync (Novi to Mailman, Zoom Events tickets) and its report. Read-only.'
);
