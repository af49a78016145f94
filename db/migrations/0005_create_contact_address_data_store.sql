-- Polymorphic tables: each row belongs to one object named by for_type (a registered type)
-- and for_id (that object's internal id), resolved inside the caller's account. The for_type
-- check lists the types an object may belong to; db/views/v_<table>.sql joins the same list.

CREATE TABLE IF NOT EXISTS contact (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    for_type VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    for_id INT UNSIGNED NOT NULL,
    kind ENUM('email', 'phone', 'mobile', 'fax', 'url', 'social', 'other') NOT NULL DEFAULT 'email',
    label VARCHAR(100) NULL,
    value VARCHAR(500) NOT NULL,
    is_primary TINYINT(1) NOT NULL DEFAULT 0,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_contact_id_random (id_random),
    KEY ix_contact_account (account_id, id),
    KEY ix_contact_for (for_type, for_id),
    CONSTRAINT for_type CHECK (
        for_type IN (
            'account',
            'site',
            'user',
            'person',
            'page',
            'post',
            'journal',
            'event',
            'event_person',
            'event_location',
            'event_session',
            'event_presentation'
        )
    ),
    CONSTRAINT value CHECK (TRIM(value) <> ''),
    CONSTRAINT fk_contact_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS address (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    for_type VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    for_id INT UNSIGNED NOT NULL,
    kind ENUM('postal', 'billing', 'shipping', 'venue', 'other') NOT NULL DEFAULT 'postal',
    label VARCHAR(100) NULL,
    line_1 VARCHAR(200) NULL,
    line_2 VARCHAR(200) NULL,
    city VARCHAR(100) NULL,
    region VARCHAR(100) NULL,
    postal_code VARCHAR(20) NULL,
    country_code CHAR(2) CHARACTER SET ascii NULL,
    is_primary TINYINT(1) NOT NULL DEFAULT 0,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_address_id_random (id_random),
    KEY ix_address_account (account_id, id),
    KEY ix_address_for (for_type, for_id),
    CONSTRAINT for_type CHECK (
        for_type IN (
            'account',
            'site',
            'user',
            'person',
            'page',
            'post',
            'journal',
            'event',
            'event_person',
            'event_location',
            'event_session',
            'event_presentation'
        )
    ),
    CONSTRAINT fk_address_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS data_store (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    for_type VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    for_id INT UNSIGNED NOT NULL,
    code VARCHAR(50) NOT NULL,
    name VARCHAR(200) NULL,
    description TEXT NULL,
    data_json JSON NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_data_store_id_random (id_random),
    UNIQUE KEY uq_data_store_for_type_for_code (for_type, for_id, code),
    KEY ix_data_store_account (account_id, id),
    KEY ix_data_store_for (for_type, for_id),
    CONSTRAINT for_type CHECK (
        for_type IN (
            'account',
            'site',
            'user',
            'person',
            'page',
            'post',
            'journal',
            'event',
            'event_person',
            'event_location',
            'event_session',
            'event_presentation'
        )
    ),
    CONSTRAINT code CHECK (TRIM(code) <> ''),
    CONSTRAINT fk_data_store_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
