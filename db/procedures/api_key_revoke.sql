-- Revokes an API key. p_account_id limits it to one tenant (NULL: the operator's command line).
-- Answers the key's hash (to drop it from caches), when it was revoked, and whether this call
-- revoked it (0: it already was).
CREATE OR REPLACE PROCEDURE api_key_revoke(
    IN p_account_id INT UNSIGNED,
    IN p_id_random LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_revoked INT DEFAULT 0;
    UPDATE api_key AS k
    SET k.revoked_on = CURRENT_TIMESTAMP(6)
    WHERE
        k.id_random = public_id(p_id_random)
        AND (p_account_id IS NULL OR k.account_id = p_account_id)
        AND k.revoked_on IS NULL;
    SET v_revoked = ROW_COUNT();
    IF v_revoked = 0 AND NOT EXISTS (
        SELECT 1 FROM api_key AS k
        WHERE k.id_random = public_id(p_id_random) AND (p_account_id IS NULL OR k.account_id = p_account_id)
    ) THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'api_key: no API key with this id';
    END IF;
    SELECT
        k.key_hash,
        k.revoked_on,
        v_revoked AS newly_revoked
    FROM api_key AS k
    WHERE k.id_random = public_id(p_id_random);
END
