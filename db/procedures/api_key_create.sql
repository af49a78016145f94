-- Stores a new API key's hash for one account and role. Answers the key's id_random.
CREATE OR REPLACE PROCEDURE api_key_create(
    IN p_account_id_random CHAR(11),
    IN p_role VARCHAR(10),
    IN p_name VARCHAR(100),
    IN p_key_hash CHAR(64),
    IN p_key_prefix VARCHAR(12)
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_account_id INT UNSIGNED;
    SELECT a.id INTO v_account_id FROM account AS a
    WHERE a.id_random = p_account_id_random;
    IF v_account_id IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'account: no account with this id';
    END IF;
    INSERT INTO api_key (account_id, role, name, key_hash, key_prefix)
    VALUES (v_account_id, p_role, p_name, p_key_hash, p_key_prefix)
    RETURNING id_random;
END
