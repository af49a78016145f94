-- A person changes their own password. The API has checked the current password against
-- p_current_hash (read from v_auth_login); the change applies only if that is still the stored
-- hash (409 otherwise: it changed meanwhile). Moves token_version on, so every login token
-- issued before stops working. Answers the user's user_id_random and new token_version.
CREATE OR REPLACE PROCEDURE user_password_change(
    IN p_user_id_random LONGTEXT,
    IN p_current_hash LONGTEXT,
    IN p_new_hash LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_user_id INT UNSIGNED;
    DECLARE v_changed INT DEFAULT 0;
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
        WHERE u.id_random = public_id(p_user_id_random)
    );
    IF v_user_id IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'user: no user with this id';
    END IF;
    IF NULLIF(p_new_hash, '') IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'new_password: is required';
    END IF;
    UPDATE user AS u
    SET
        u.password_hash = p_new_hash,
        u.token_version = u.token_version + 1
    WHERE u.id = v_user_id AND BINARY u.password_hash = BINARY p_current_hash;
    SET v_changed = ROW_COUNT();
    IF v_changed <> 1 THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31409, MESSAGE_TEXT = 'current_password: the password changed meanwhile; try again';
    END IF;
    SELECT
        u.id_random AS user_id_random,
        u.token_version
    FROM user AS u
    WHERE u.id = v_user_id;
    IF v_own THEN
        COMMIT;
    END IF;
END
