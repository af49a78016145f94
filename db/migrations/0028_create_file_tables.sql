-- Files: hosted_file is an account's stored file (its bytes live under AE_FILES_DIR, named by
-- their SHA-256: one blob however many hosted_file rows of however many accounts share it);
-- event_file shows a hosted_file in an event, optionally tied to a session, a presentation or a
-- presenter. Rows are created only by the upload action (event_file_upload); CRUD changes their
-- descriptive fields and deletes them. Deleting a hosted_file deletes the event_files that show it.
CREATE TABLE IF NOT EXISTS hosted_file (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    hash_sha256 CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    size_bytes BIGINT UNSIGNED NOT NULL,
    mime_type VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    filename VARCHAR(255) NOT NULL,
    name VARCHAR(200) NULL,
    description TEXT NULL,
    purpose VARCHAR(100) NULL,
    meta_json JSON NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_hosted_file_id_random (id_random),
    KEY ix_hosted_file_account (account_id, id),
    KEY ix_hosted_file_account_hash (account_id, hash_sha256),
    KEY ix_hosted_file_hash (hash_sha256),
    KEY ix_hosted_file_sort (account_id, created_on DESC, id_random),
    CONSTRAINT hash_sha256 CHECK (hash_sha256 REGEXP '^[0-9a-f]{64}$'),
    CONSTRAINT mime_type CHECK (mime_type REGEXP '^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$'),
    CONSTRAINT filename CHECK (
        TRIM(filename) NOT IN ('', '.', '..') AND filename NOT REGEXP '[/\\\\[:cntrl:]]'
    ),
    CONSTRAINT fk_hosted_file_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS event_file (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    event_id INT UNSIGNED NOT NULL,
    hosted_file_id INT UNSIGNED NOT NULL,
    event_session_id INT UNSIGNED NULL,
    event_presentation_id INT UNSIGNED NULL,
    event_presenter_id INT UNSIGNED NULL,
    name VARCHAR(200) NULL,
    description TEXT NULL,
    purpose VARCHAR(100) NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_event_file_id_random (id_random),
    KEY ix_event_file_account (account_id, id),
    KEY ix_event_file_event (event_id, id),
    KEY ix_event_file_hosted_file (hosted_file_id),
    KEY ix_event_file_event_session (event_session_id),
    KEY ix_event_file_event_presentation (event_presentation_id),
    KEY ix_event_file_event_presenter (event_presenter_id),
    KEY ix_event_file_parent_sort (account_id, event_id, sort, created_on, id_random),
    CONSTRAINT fk_event_file_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_event_file_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_file_hosted_file FOREIGN KEY (hosted_file_id) REFERENCES hosted_file (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_file_event_session FOREIGN KEY (event_session_id)
    REFERENCES event_session (id) ON DELETE SET NULL,
    CONSTRAINT fk_event_file_event_presentation FOREIGN KEY (event_presentation_id)
    REFERENCES event_presentation (id) ON DELETE SET NULL,
    CONSTRAINT fk_event_file_event_presenter FOREIGN KEY (event_presenter_id)
    REFERENCES event_presenter (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO crud_type (
    name, table_name, view_name, parent_name, parent_column, writable_fields, searchable_fields,
    default_sort, insert_procedure, delete_procedure, description
) VALUES
(
    'hosted_file', 'hosted_file', 'v_hosted_file', NULL, NULL,
    'filename,name,description,purpose,meta_json,enable,hide,sort',
    'id_random,hash_sha256,size_bytes,mime_type,filename,name,purpose,enable,hide,sort,created_on,updated_on',
    '-created_on', NULL, 'hosted_file_delete',
    'A stored file of the account, named by the SHA-256 of its bytes. Created by uploading '
    '(POST /v3/action/event/{event_id_random}/upload); downloaded from /v3/action/file/{id_random}/download.'
),
(
    'event_file', 'event_file', 'v_event_file', 'event', 'event_id',
    'event_session_id_random,event_presentation_id_random,event_presenter_id_random,name,description,purpose,'
    'enable,hide,sort',
    'id_random,event_id_random,hosted_file_id_random,event_session_id_random,event_presentation_id_random,'
    'event_presenter_id_random,hash_sha256,size_bytes,mime_type,filename,name,purpose,enable,hide,sort,'
    'created_on,updated_on',
    'sort,created_on', NULL, 'crud_delete',
    'A file of an event (its hosted_file), maybe of one session, presentation or presenter. Created by '
    'uploading (POST /v3/action/event/{event_id_random}/upload).'
);
