-- Stores a new API key's hash for one account and role. Answers the key's id_random.
CREATE OR REPLACE PROCEDURE api_key_create(
    IN p_account_id_random LONGTEXT,
    IN p_role LONGTEXT,
    IN p_name LONGTEXT,
    IN p_key_hash CHAR(64),
    IN p_key_prefix VARCHAR(12)
)
MODIFIES SQL DATA
BEGIN
    INSERT INTO api_key (account_id, role, name, key_hash, key_prefix)
    VALUES (account_id_of(p_account_id_random), p_role, p_name, p_key_hash, p_key_prefix)
    RETURNING id_random;
END
