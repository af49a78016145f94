-- Revokes an API key. p_account_id limits it to one tenant (NULL: the operator's command line).
CREATE OR REPLACE PROCEDURE api_key_revoke(
    IN p_account_id INT UNSIGNED,
    IN p_id_random LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    UPDATE api_key AS k
    SET k.revoked_on = COALESCE(k.revoked_on, CURRENT_TIMESTAMP(6))
    WHERE
        k.id_random = public_id(p_id_random)
        AND (p_account_id IS NULL OR k.account_id = p_account_id);
    IF ROW_COUNT() = 0 THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'api_key: no API key with this id';
    END IF;
    SELECT k.key_hash FROM api_key AS k
    WHERE k.id_random = public_id(p_id_random);
END
