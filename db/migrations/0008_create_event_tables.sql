-- Events and everything that belongs to one. start_on/end_on are UTC; time_zone is the IANA
-- name clients use to show local times.

CREATE TABLE IF NOT EXISTS event (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    site_id INT UNSIGNED NULL,
    name VARCHAR(200) NOT NULL,
    code VARCHAR(50) NULL,
    description TEXT NULL,
    time_zone VARCHAR(64) NULL,
    venue_name VARCHAR(200) NULL,
    cfg_json JSON NULL,
    start_on DATETIME NULL,
    end_on DATETIME NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_event_id_random (id_random),
    UNIQUE KEY uq_event_account_code (account_id, code),
    KEY ix_event_account (account_id, id),
    KEY ix_event_site (site_id),
    CONSTRAINT name CHECK (TRIM(name) <> ''),
    CONSTRAINT end_on CHECK (end_on >= start_on),
    CONSTRAINT fk_event_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_event_site FOREIGN KEY (site_id) REFERENCES site (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS event_track (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    event_id INT UNSIGNED NOT NULL,
    name VARCHAR(200) NOT NULL,
    code VARCHAR(50) NULL,
    description TEXT NULL,
    color VARCHAR(20) NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_event_track_id_random (id_random),
    UNIQUE KEY uq_event_track_event_code (event_id, code),
    KEY ix_event_track_account (account_id, id),
    KEY ix_event_track_event (event_id, id),
    CONSTRAINT name CHECK (TRIM(name) <> ''),
    CONSTRAINT fk_event_track_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_event_track_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS event_location (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    event_id INT UNSIGNED NOT NULL,
    name VARCHAR(200) NOT NULL,
    code VARCHAR(50) NULL,
    description TEXT NULL,
    floor VARCHAR(50) NULL,
    capacity INT UNSIGNED NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_event_location_id_random (id_random),
    UNIQUE KEY uq_event_location_event_code (event_id, code),
    KEY ix_event_location_account (account_id, id),
    KEY ix_event_location_event (event_id, id),
    CONSTRAINT name CHECK (TRIM(name) <> ''),
    CONSTRAINT fk_event_location_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_event_location_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS event_person (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    event_id INT UNSIGNED NOT NULL,
    person_id INT UNSIGNED NULL,
    given_name VARCHAR(100) NULL,
    family_name VARCHAR(100) NULL,
    name VARCHAR(200) NOT NULL,
    email VARCHAR(254) NULL,
    organization VARCHAR(200) NULL,
    title VARCHAR(200) NULL,
    kind ENUM('attendee', 'speaker', 'staff', 'exhibitor', 'sponsor', 'other') NOT NULL DEFAULT 'attendee',
    bio TEXT NULL,
    meta_json JSON NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_event_person_id_random (id_random),
    KEY ix_event_person_account (account_id, id),
    KEY ix_event_person_event (event_id, id),
    KEY ix_event_person_person (person_id),
    CONSTRAINT name CHECK (TRIM(name) <> ''),
    CONSTRAINT fk_event_person_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_event_person_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_person_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS event_session (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    event_id INT UNSIGNED NOT NULL,
    event_track_id INT UNSIGNED NULL,
    event_location_id INT UNSIGNED NULL,
    name VARCHAR(200) NOT NULL,
    code VARCHAR(50) NULL,
    description TEXT NULL,
    session_type VARCHAR(50) NULL,
    meta_json JSON NULL,
    start_on DATETIME NULL,
    end_on DATETIME NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_event_session_id_random (id_random),
    UNIQUE KEY uq_event_session_event_code (event_id, code),
    KEY ix_event_session_account (account_id, id),
    KEY ix_event_session_event (event_id, id),
    KEY ix_event_session_event_track (event_track_id),
    KEY ix_event_session_event_location (event_location_id),
    CONSTRAINT name CHECK (TRIM(name) <> ''),
    CONSTRAINT end_on CHECK (end_on >= start_on),
    CONSTRAINT fk_event_session_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_event_session_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_session_event_track FOREIGN KEY (event_track_id) REFERENCES event_track (id) ON DELETE SET NULL,
    CONSTRAINT fk_event_session_event_location FOREIGN KEY (event_location_id) REFERENCES event_location (
        id
    ) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS event_presentation (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    event_id INT UNSIGNED NOT NULL,
    event_session_id INT UNSIGNED NULL,
    name VARCHAR(200) NOT NULL,
    code VARCHAR(50) NULL,
    description TEXT NULL,
    meta_json JSON NULL,
    start_on DATETIME NULL,
    end_on DATETIME NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_event_presentation_id_random (id_random),
    UNIQUE KEY uq_event_presentation_event_code (event_id, code),
    KEY ix_event_presentation_account (account_id, id),
    KEY ix_event_presentation_event (event_id, id),
    KEY ix_event_presentation_event_session (event_session_id),
    CONSTRAINT name CHECK (TRIM(name) <> ''),
    CONSTRAINT end_on CHECK (end_on >= start_on),
    CONSTRAINT fk_event_presentation_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_event_presentation_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_presentation_event_session FOREIGN KEY (event_session_id) REFERENCES event_session (
        id
    ) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS event_presenter (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    event_id INT UNSIGNED NOT NULL,
    event_person_id INT UNSIGNED NOT NULL,
    event_presentation_id INT UNSIGNED NULL,
    role VARCHAR(50) NOT NULL DEFAULT 'speaker',
    description TEXT NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_event_presenter_id_random (id_random),
    KEY ix_event_presenter_account (account_id, id),
    KEY ix_event_presenter_event (event_id, id),
    KEY ix_event_presenter_event_person (event_person_id),
    KEY ix_event_presenter_event_presentation (event_presentation_id),
    CONSTRAINT fk_event_presenter_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_event_presenter_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_presenter_event_person FOREIGN KEY (event_person_id) REFERENCES event_person (
        id
    ) ON DELETE CASCADE,
    CONSTRAINT fk_event_presenter_event_presentation FOREIGN KEY (
        event_presentation_id
    ) REFERENCES event_presentation (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS event_registration (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    event_id INT UNSIGNED NOT NULL,
    event_person_id INT UNSIGNED NOT NULL,
    code VARCHAR(50) NULL,
    status ENUM('pending', 'confirmed', 'cancelled', 'checked_in') NOT NULL DEFAULT 'pending',
    registered_on DATETIME NULL,
    checked_in_on DATETIME NULL,
    meta_json JSON NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_event_registration_id_random (id_random),
    UNIQUE KEY uq_event_registration_event_code (event_id, code),
    KEY ix_event_registration_account (account_id, id),
    KEY ix_event_registration_event (event_id, id),
    KEY ix_event_registration_event_person (event_person_id),
    CONSTRAINT fk_event_registration_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_event_registration_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_registration_event_person FOREIGN KEY (event_person_id) REFERENCES event_person (
        id
    ) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS event_device (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    event_id INT UNSIGNED NOT NULL,
    event_location_id INT UNSIGNED NULL,
    name VARCHAR(200) NOT NULL,
    code VARCHAR(50) NULL,
    description TEXT NULL,
    kind ENUM('kiosk', 'launcher', 'scanner', 'printer', 'display', 'other') NOT NULL DEFAULT 'kiosk',
    last_seen_on DATETIME NULL,
    cfg_json JSON NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_event_device_id_random (id_random),
    UNIQUE KEY uq_event_device_event_code (event_id, code),
    KEY ix_event_device_account (account_id, id),
    KEY ix_event_device_event (event_id, id),
    KEY ix_event_device_event_location (event_location_id),
    CONSTRAINT name CHECK (TRIM(name) <> ''),
    CONSTRAINT fk_event_device_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_event_device_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_device_event_location FOREIGN KEY (event_location_id) REFERENCES event_location (
        id
    ) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS event_abstract (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    event_id INT UNSIGNED NOT NULL,
    event_person_id INT UNSIGNED NULL,
    name VARCHAR(200) NOT NULL,
    code VARCHAR(50) NULL,
    content LONGTEXT NULL,
    status ENUM('draft', 'submitted', 'accepted', 'rejected', 'withdrawn') NOT NULL DEFAULT 'draft',
    submitted_on DATETIME NULL,
    meta_json JSON NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_event_abstract_id_random (id_random),
    UNIQUE KEY uq_event_abstract_event_code (event_id, code),
    KEY ix_event_abstract_account (account_id, id),
    KEY ix_event_abstract_event (event_id, id),
    KEY ix_event_abstract_event_person (event_person_id),
    CONSTRAINT name CHECK (TRIM(name) <> ''),
    CONSTRAINT fk_event_abstract_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_event_abstract_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_abstract_event_person FOREIGN KEY (event_person_id) REFERENCES event_person (
        id
    ) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS event_badge_template (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    event_id INT UNSIGNED NOT NULL,
    name VARCHAR(200) NOT NULL,
    code VARCHAR(50) NULL,
    description TEXT NULL,
    width_mm DECIMAL(6, 2) NULL,
    height_mm DECIMAL(6, 2) NULL,
    layout_json JSON NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_event_badge_template_id_random (id_random),
    UNIQUE KEY uq_event_badge_template_event_code (event_id, code),
    KEY ix_event_badge_template_account (account_id, id),
    KEY ix_event_badge_template_event (event_id, id),
    CONSTRAINT name CHECK (TRIM(name) <> ''),
    CONSTRAINT fk_event_badge_template_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_event_badge_template_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS event_badge (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    event_id INT UNSIGNED NOT NULL,
    event_registration_id INT UNSIGNED NOT NULL,
    event_badge_template_id INT UNSIGNED NULL,
    name VARCHAR(200) NOT NULL,
    print_count INT UNSIGNED NOT NULL DEFAULT 0,
    printed_on DATETIME NULL,
    data_json JSON NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_event_badge_id_random (id_random),
    KEY ix_event_badge_account (account_id, id),
    KEY ix_event_badge_event (event_id, id),
    KEY ix_event_badge_event_registration (event_registration_id),
    KEY ix_event_badge_event_badge_template (event_badge_template_id),
    CONSTRAINT name CHECK (TRIM(name) <> ''),
    CONSTRAINT fk_event_badge_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_event_badge_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_badge_event_registration FOREIGN KEY (event_registration_id) REFERENCES event_registration (
        id
    ) ON DELETE CASCADE,
    CONSTRAINT fk_event_badge_event_badge_template FOREIGN KEY (
        event_badge_template_id
    ) REFERENCES event_badge_template (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
