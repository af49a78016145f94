-- A person's accounts and roles (internal: read by the authentication layer only).
-- One row per membership; a platform admin without memberships has one row with NULL account.
CREATE OR REPLACE VIEW v_auth_membership AS
SELECT
    u.id_random AS user_id_random,
    u.email,
    u.enable AS user_enable,
    u.is_platform_admin,
    u.token_version,
    m.account_id,
    a.id_random AS account_id_random,
    a.name AS account_name,
    a.enable AS account_enable,
    m.role
FROM user AS u
LEFT JOIN account_user AS m ON u.id = m.user_id
LEFT JOIN account AS a ON m.account_id = a.id;
