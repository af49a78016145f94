-- Starts a password reset for the person p_user_id_random: a single-use token valid one hour,
-- replacing any earlier one. p_account_id is the caller's account, where the person must be a
-- member (404 otherwise); NULL for a platform admin, who may reset anyone's.
-- Answers the person's user_id_random, email and name, the token (to mail; only its SHA-256
-- is kept) and expires_on.
CREATE OR REPLACE PROCEDURE user_password_reset_create(
    IN p_account_id INT UNSIGNED,
    IN p_user_id_random LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_user_id INT UNSIGNED;
    DECLARE v_token CHAR(43) CHARACTER SET ascii COLLATE ascii_bin DEFAULT secret_token();
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        IF v_own THEN
            ROLLBACK;
        END IF;
        RESIGNAL;
    END;
    IF v_own THEN
        START TRANSACTION;
    END IF;
    SET v_user_id = (
        SELECT u.id FROM user AS u
        WHERE
            u.id_random = public_id(p_user_id_random)
            AND (
                p_account_id IS NULL OR EXISTS (
                    SELECT 1 FROM account_user AS m
                    WHERE m.user_id = u.id AND m.account_id = p_account_id
                )
            )
    );
    IF v_user_id IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'user: no user with this id in your account';
    END IF;
    INSERT INTO user_password_reset (user_id, token_hash, expires_on)
    VALUES (v_user_id, secret_token_hash(v_token), CURRENT_TIMESTAMP(6) + INTERVAL 1 HOUR)
    ON DUPLICATE KEY UPDATE
        token_hash = VALUES (token_hash),
        expires_on = VALUES (expires_on);
    SELECT
        u.id_random AS user_id_random,
        u.email,
        u.name,
        v_token AS token,
        r.expires_on
    FROM user AS u
    INNER JOIN user_password_reset AS r ON u.id = r.user_id
    WHERE u.id = v_user_id;
    IF v_own THEN
        COMMIT;
    END IF;
END
