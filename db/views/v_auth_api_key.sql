-- Credential lookup by key hash (internal: read by the authentication layer only).
CREATE OR REPLACE VIEW v_auth_api_key AS
SELECT
    k.key_hash,
    k.id_random,
    k.account_id,
    a.id_random AS account_id_random,
    a.enable AS account_enable,
    k.role,
    k.last_used_on
FROM api_key AS k
INNER JOIN account AS a ON k.account_id = a.id
WHERE k.revoked_on IS NULL;
