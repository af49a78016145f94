-- Spirits (agents) and the events they record. A spirit_event with a source_uri gets a
-- dedupe_key (SHA-256 of source_uri|first 100 characters of content|event_type, 32 hex
-- characters), unique per spirit, so the same source is never ingested twice - by the API or
-- by hand. importance_score is checked here, not only in the API.

CREATE TABLE IF NOT EXISTS spirit (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    name VARCHAR(200) NOT NULL,
    code VARCHAR(50) NULL,
    description TEXT NULL,
    meta_json JSON NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    deleted_on DATETIME(6) NULL,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_spirit_id_random (id_random),
    UNIQUE KEY uq_spirit_account_code (account_id, code),
    KEY ix_spirit_account (account_id, id),
    KEY ix_spirit_sort (account_id, sort, name, id_random),
    CONSTRAINT name CHECK (TRIM(name) <> ''),
    CONSTRAINT fk_spirit_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS spirit_event (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    spirit_id INT UNSIGNED NOT NULL,
    event_type VARCHAR(100) NOT NULL,
    content MEDIUMTEXT NOT NULL,
    occurred_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    session_id VARCHAR(200) NULL,
    source_uri VARCHAR(2000) NULL,
    dedupe_key CHAR(32) CHARACTER SET ascii COLLATE ascii_bin AS (
        IF(
            source_uri IS NULL, NULL,
            LEFT(SHA2(CONCAT_WS('|', source_uri, LEFT(content, 100), event_type), 256), 32)
        )
    ) STORED,
    meta_json JSON NULL,
    meta_summary TEXT NULL,
    importance_score DECIMAL(4, 3) NULL,
    deleted_on DATETIME(6) NULL,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_spirit_event_id_random (id_random),
    UNIQUE KEY uq_spirit_event_dedupe_key (spirit_id, dedupe_key),
    KEY ix_spirit_event_account (account_id, id),
    KEY ix_spirit_event_spirit (spirit_id, id),
    KEY ix_spirit_event_parent_sort (account_id, spirit_id, occurred_on DESC, created_on DESC, id_random),
    KEY ix_spirit_event_session (account_id, spirit_id, session_id, occurred_on, created_on, id_random),
    KEY ix_spirit_event_type (account_id, spirit_id, event_type),
    CONSTRAINT event_type CHECK (TRIM(event_type) <> ''),
    CONSTRAINT importance_score CHECK (importance_score BETWEEN 0 AND 1),
    CONSTRAINT fk_spirit_event_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_spirit_event_spirit FOREIGN KEY (spirit_id) REFERENCES spirit (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO crud_type (
    name, table_name, view_name, parent_name, parent_column, writable_fields, searchable_fields,
    default_sort, filtered_sort, parameter_aliases, soft_delete, description
) VALUES
(
    'spirit', 'spirit', 'v_spirit', NULL, NULL,
    'name,code,description,meta_json,enable,hide,sort',
    'id_random,name,code,enable,hide,sort,deleted_on,created_on,updated_on',
    'sort,name', NULL, NULL, 1,
    'An agent that records events.'
),
(
    'spirit_event', 'spirit_event', 'v_spirit_event', 'spirit', 'spirit_id',
    'event_type,content,occurred_on,session_id,source_uri,meta_json,meta_summary,importance_score',
    'id_random,spirit_id_random,event_type,occurred_on,session_id,source_uri,dedupe_key,importance_score,deleted_on,created_on,updated_on',
    '-occurred_on,-created_on', 'session_id:occurred_on,created_on', 'min_importance:min_importance_score', 1,
    'An event a spirit recorded; newest first, or in order within one session_id.'
);
