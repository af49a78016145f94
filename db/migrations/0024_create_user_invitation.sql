-- Invitations: the only way into an account. An admin invites an email with a role; the person
-- accepts with the mailed token (user_invitation_accept), logged in when they exist already.
-- Until then the account sees the invitation, never the person. Only the token's SHA-256 is
-- kept; one pending invitation per email and account (inviting again re-issues it).
CREATE TABLE IF NOT EXISTS user_invitation (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    email VARCHAR(254) NOT NULL,
    role ENUM('read', 'write', 'admin') NOT NULL DEFAULT 'read',
    name VARCHAR(200) NULL,
    token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    expires_on DATETIME(6) NOT NULL,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_user_invitation_id_random (id_random),
    UNIQUE KEY uq_user_invitation_token_hash (token_hash),
    UNIQUE KEY uq_user_invitation_account_email (account_id, email),
    KEY ix_user_invitation_sort (account_id, email, id_random),
    CONSTRAINT email CHECK (email LIKE '_%@_%'),
    CONSTRAINT fk_user_invitation_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO crud_type (
    name, table_name, view_name, parent_name, parent_column, writable_fields, searchable_fields,
    default_sort, write_role, read_role, insert_procedure, update_procedure, delete_procedure, description
) VALUES (
    'user_invitation', 'user_invitation', 'v_user_invitation', NULL, NULL,
    'email,role,name',
    'id_random,email,role,name,expires_on,created_on,updated_on',
    'email', 'admin', 'admin', 'user_invitation_insert', NULL, 'crud_delete',
    'An invitation to join this account with a role, mailed to `email`; DELETE revokes it.'
)
ON DUPLICATE KEY UPDATE name = VALUES (name);
