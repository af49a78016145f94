-- Journals and their entries.

CREATE TABLE IF NOT EXISTS journal (
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
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_journal_id_random (id_random),
    UNIQUE KEY uq_journal_account_code (account_id, code),
    KEY ix_journal_account (account_id, id),
    CONSTRAINT name CHECK (TRIM(name) <> ''),
    CONSTRAINT fk_journal_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS journal_entry (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    journal_id INT UNSIGNED NOT NULL,
    person_id INT UNSIGNED NULL,
    name VARCHAR(200) NOT NULL,
    content LONGTEXT NULL,
    entry_on DATETIME NULL,
    meta_json JSON NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_journal_entry_id_random (id_random),
    KEY ix_journal_entry_account (account_id, id),
    KEY ix_journal_entry_journal (journal_id, id),
    KEY ix_journal_entry_person (person_id),
    CONSTRAINT name CHECK (TRIM(name) <> ''),
    CONSTRAINT fk_journal_entry_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_journal_entry_journal FOREIGN KEY (journal_id) REFERENCES journal (id) ON DELETE CASCADE,
    CONSTRAINT fk_journal_entry_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
