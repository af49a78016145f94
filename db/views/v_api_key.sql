-- API keys as an account admin sees them: never the hash.
CREATE OR REPLACE VIEW v_api_key AS
SELECT
    k.id,
    k.account_id,
    k.id_random,
    a.id_random AS account_id_random,
    k.role,
    k.name,
    k.key_prefix,
    k.last_used_on,
    k.revoked_on,
    k.created_on,
    k.updated_on
FROM api_key AS k
INNER JOIN account AS a ON k.account_id = a.id;
