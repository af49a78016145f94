-- Sets a new password with a mailed reset token, once: the reset is deleted in the same
-- statement that checks it is still there and not expired. p_password_hash is the API's argon2id
-- hash. Moves the user's token_version on, so every login token issued before stops working.
-- An unknown, used or expired token is one 422 naming the field `token`.
-- Answers the user's user_id_random and new token_version.
CREATE OR REPLACE PROCEDURE user_password_reset_use(
    IN p_token LONGTEXT,
    IN p_password_hash LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin DEFAULT secret_token_hash(p_token);
    DECLARE v_reset_id INT UNSIGNED;
    DECLARE v_user_id INT UNSIGNED;
    DECLARE v_deleted INT DEFAULT 0;
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
    SELECT
        r.id,
        r.user_id
    INTO v_reset_id, v_user_id
    FROM user_password_reset AS r
    WHERE r.token_hash = v_hash AND r.expires_on > CURRENT_TIMESTAMP(6);
    DELETE FROM user_password_reset
    WHERE id = v_reset_id AND token_hash = v_hash AND expires_on > CURRENT_TIMESTAMP(6);
    SET v_deleted = ROW_COUNT();
    IF v_deleted <> 1 THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'token: not valid (unknown, used or expired)';
    END IF;
    IF NULLIF(p_password_hash, '') IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'password: is required';
    END IF;
    UPDATE user AS u
    SET
        u.password_hash = p_password_hash,
        u.token_version = u.token_version + 1
    WHERE u.id = v_user_id;
    SELECT
        u.id_random AS user_id_random,
        u.token_version
    FROM user AS u
    WHERE u.id = v_user_id;
    IF v_own THEN
        COMMIT;
    END IF;
END
