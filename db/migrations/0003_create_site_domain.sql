-- Host names that serve a site; a domain belongs to one site on the whole platform.
CREATE TABLE IF NOT EXISTS site_domain (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    site_id INT UNSIGNED NOT NULL,
    domain VARCHAR(253) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
    access_key VARCHAR(64) NULL,
    is_primary TINYINT(1) NOT NULL DEFAULT 0,
    description TEXT NULL,
    enable TINYINT(1) NOT NULL DEFAULT 1,
    hide TINYINT(1) NOT NULL DEFAULT 0,
    sort INT NOT NULL DEFAULT 0,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_site_domain_id_random (id_random),
    UNIQUE KEY uq_site_domain_domain (domain),
    KEY ix_site_domain_account (account_id, id),
    KEY ix_site_domain_site (site_id, id),
    CONSTRAINT domain CHECK (domain REGEXP '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$'),
    CONSTRAINT fk_site_domain_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_site_domain_site FOREIGN KEY (site_id) REFERENCES site (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
