-- Lookup lists in the V3 minimal structure. A row is a global default (account_id NULL), an
-- account override (account_id set) or an object override (account_id, for_type and for_id set).
-- `scope` names the level, so each level holds one row per group. An override's NULL name,
-- description, sort or hide means "as the default"; lookup_list (db/procedures) ranks them.

CREATE TABLE IF NOT EXISTS lu_type (
    name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    table_name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    view_name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    extra_fields VARCHAR(500) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
    resolve_fields VARCHAR(500) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'group,name',
    description VARCHAR(500) NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS lu_v3_country (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NULL,
    for_type VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    for_id INT UNSIGNED NULL,
    scope VARCHAR(90) CHARACTER SET ascii COLLATE ascii_bin
    AS (CONCAT(COALESCE(account_id, 0), ':', COALESCE(for_type, ''), ':', COALESCE(for_id, 0))) STORED,
    `group` VARCHAR(100) NOT NULL,
    name VARCHAR(200) NULL,
    description TEXT NULL,
    alpha_3_code CHAR(3) CHARACTER SET ascii NULL,
    numeric_code CHAR(3) CHARACTER SET ascii NULL,
    official_name VARCHAR(200) NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NULL,
    sort INT NULL,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_lu_v3_country_id_random (id_random),
    UNIQUE KEY uq_lu_v3_country_scope_group (scope, `group`),
    KEY ix_lu_v3_country_account (account_id, `group`),
    KEY ix_lu_v3_country_group (`group`),
    CONSTRAINT for_id_random CHECK ((for_type IS NULL) = (for_id IS NULL) AND (for_type IS NULL OR account_id IS NOT NULL)),
    CONSTRAINT `group` CHECK (TRIM(`group`) <> ''),
    CONSTRAINT name CHECK (account_id IS NOT NULL OR name IS NOT NULL),
    CONSTRAINT fk_lu_v3_country_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS lu_v3_country_subdivision (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NULL,
    for_type VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    for_id INT UNSIGNED NULL,
    scope VARCHAR(90) CHARACTER SET ascii COLLATE ascii_bin
    AS (CONCAT(COALESCE(account_id, 0), ':', COALESCE(for_type, ''), ':', COALESCE(for_id, 0))) STORED,
    `group` VARCHAR(100) NOT NULL,
    name VARCHAR(200) NULL,
    description TEXT NULL,
    country_code CHAR(2) CHARACTER SET ascii NULL,
    subdivision_type VARCHAR(100) NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NULL,
    sort INT NULL,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_lu_v3_country_subdivision_id_random (id_random),
    UNIQUE KEY uq_lu_v3_country_subdivision_scope_group (scope, `group`),
    KEY ix_lu_v3_country_subdivision_account (account_id, `group`),
    KEY ix_lu_v3_country_subdivision_group (`group`),
    CONSTRAINT for_id_random CHECK ((for_type IS NULL) = (for_id IS NULL) AND (for_type IS NULL OR account_id IS NOT NULL)),
    CONSTRAINT `group` CHECK (TRIM(`group`) <> ''),
    CONSTRAINT name CHECK (account_id IS NOT NULL OR name IS NOT NULL),
    CONSTRAINT fk_lu_v3_country_subdivision_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS lu_v3_time_zone (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NULL,
    for_type VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    for_id INT UNSIGNED NULL,
    scope VARCHAR(90) CHARACTER SET ascii COLLATE ascii_bin
    AS (CONCAT(COALESCE(account_id, 0), ':', COALESCE(for_type, ''), ':', COALESCE(for_id, 0))) STORED,
    `group` VARCHAR(100) NOT NULL,
    name VARCHAR(200) NULL,
    description TEXT NULL,
    utc_offset CHAR(6) CHARACTER SET ascii NULL,
    utc_offset_minutes SMALLINT NULL,
    country_code CHAR(2) CHARACTER SET ascii NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NULL,
    sort INT NULL,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_lu_v3_time_zone_id_random (id_random),
    UNIQUE KEY uq_lu_v3_time_zone_scope_group (scope, `group`),
    KEY ix_lu_v3_time_zone_account (account_id, `group`),
    KEY ix_lu_v3_time_zone_group (`group`),
    CONSTRAINT for_id_random CHECK ((for_type IS NULL) = (for_id IS NULL) AND (for_type IS NULL OR account_id IS NOT NULL)),
    CONSTRAINT `group` CHECK (TRIM(`group`) <> ''),
    CONSTRAINT name CHECK (account_id IS NOT NULL OR name IS NOT NULL),
    CONSTRAINT fk_lu_v3_time_zone_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS lu_post_topic (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NULL,
    for_type VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    for_id INT UNSIGNED NULL,
    scope VARCHAR(90) CHARACTER SET ascii COLLATE ascii_bin
    AS (CONCAT(COALESCE(account_id, 0), ':', COALESCE(for_type, ''), ':', COALESCE(for_id, 0))) STORED,
    `group` VARCHAR(100) NOT NULL,
    name VARCHAR(200) NULL,
    description TEXT NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NULL,
    sort INT NULL,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_lu_post_topic_id_random (id_random),
    UNIQUE KEY uq_lu_post_topic_scope_group (scope, `group`),
    KEY ix_lu_post_topic_account (account_id, `group`),
    KEY ix_lu_post_topic_group (`group`),
    CONSTRAINT for_id_random CHECK ((for_type IS NULL) = (for_id IS NULL) AND (for_type IS NULL OR account_id IS NOT NULL)),
    CONSTRAINT `group` CHECK (TRIM(`group`) <> ''),
    CONSTRAINT name CHECK (account_id IS NOT NULL OR name IS NOT NULL),
    CONSTRAINT fk_lu_post_topic_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS lu_user_status (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NULL,
    for_type VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    for_id INT UNSIGNED NULL,
    scope VARCHAR(90) CHARACTER SET ascii COLLATE ascii_bin
    AS (CONCAT(COALESCE(account_id, 0), ':', COALESCE(for_type, ''), ':', COALESCE(for_id, 0))) STORED,
    `group` VARCHAR(100) NOT NULL,
    name VARCHAR(200) NULL,
    description TEXT NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NULL,
    sort INT NULL,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_lu_user_status_id_random (id_random),
    UNIQUE KEY uq_lu_user_status_scope_group (scope, `group`),
    KEY ix_lu_user_status_account (account_id, `group`),
    KEY ix_lu_user_status_group (`group`),
    CONSTRAINT for_id_random CHECK ((for_type IS NULL) = (for_id IS NULL) AND (for_type IS NULL OR account_id IS NOT NULL)),
    CONSTRAINT `group` CHECK (TRIM(`group`) <> ''),
    CONSTRAINT name CHECK (account_id IS NOT NULL OR name IS NOT NULL),
    CONSTRAINT fk_lu_user_status_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS lu_file_purpose (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NULL,
    for_type VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    for_id INT UNSIGNED NULL,
    scope VARCHAR(90) CHARACTER SET ascii COLLATE ascii_bin
    AS (CONCAT(COALESCE(account_id, 0), ':', COALESCE(for_type, ''), ':', COALESCE(for_id, 0))) STORED,
    `group` VARCHAR(100) NOT NULL,
    name VARCHAR(200) NULL,
    description TEXT NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NULL,
    sort INT NULL,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_lu_file_purpose_id_random (id_random),
    UNIQUE KEY uq_lu_file_purpose_scope_group (scope, `group`),
    KEY ix_lu_file_purpose_account (account_id, `group`),
    KEY ix_lu_file_purpose_group (`group`),
    CONSTRAINT for_id_random CHECK ((for_type IS NULL) = (for_id IS NULL) AND (for_type IS NULL OR account_id IS NOT NULL)),
    CONSTRAINT `group` CHECK (TRIM(`group`) <> ''),
    CONSTRAINT name CHECK (account_id IS NOT NULL OR name IS NOT NULL),
    CONSTRAINT fk_lu_file_purpose_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO lu_type (name, table_name, view_name, extra_fields, resolve_fields, description) VALUES
(
    'country',
    'lu_v3_country',
    'v_lu_v3_country',
    'alpha_3_code,numeric_code,official_name',
    'group,alpha_3_code,numeric_code,name,official_name',
    'Countries: group is the ISO 3166-1 alpha-2 code.'
),
(
    'country_subdivision',
    'lu_v3_country_subdivision',
    'v_lu_v3_country_subdivision',
    'country_code,subdivision_type',
    'group,name',
    'States, provinces, regions: group is the ISO 3166-2 code; country_code its country.'
),
(
    'time_zone',
    'lu_v3_time_zone',
    'v_lu_v3_time_zone',
    'utc_offset,utc_offset_minutes,country_code',
    'group,name',
    'IANA time zones: group is the zone name; utc_offset as of the last seed-lookups.'
),
(
    'post_topic',
    'lu_post_topic',
    'v_lu_post_topic',
    '',
    'group,name',
    'Topics of CMS posts.'
),
(
    'user_status',
    'lu_user_status',
    'v_lu_user_status',
    '',
    'group,name',
    'Statuses of a membership.'
),
(
    'file_purpose',
    'lu_file_purpose',
    'v_lu_file_purpose',
    '',
    'group,name',
    'What a file is for.'
);
