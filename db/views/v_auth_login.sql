-- Login lookup (internal): the password hash never leaves the authentication layer.
CREATE OR REPLACE VIEW v_auth_login AS
SELECT
    u.email,
    u.id_random AS user_id_random,
    u.password_hash,
    u.token_version,
    u.enable
FROM user AS u;
