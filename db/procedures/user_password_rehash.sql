-- Replaces a password's hash with a new hash of the same password, made under today's hashing
-- parameters (the API does it at a successful login). Compare-and-set: the hash changes only if
-- p_old_hash is still the stored one (the one the login verified); a password changed meanwhile
-- stays. Not a password change: token_version stays, so every login token keeps working.
-- Answers `replaced`: 1, or 0 when the stored hash was no longer p_old_hash (or no such user).
CREATE OR REPLACE PROCEDURE user_password_rehash(
    IN p_user_id_random LONGTEXT,
    IN p_old_hash LONGTEXT,
    IN p_new_hash LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_replaced INT DEFAULT 0;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        IF v_own THEN
            ROLLBACK;
        END IF;
        RESIGNAL;
    END;
    IF NULLIF(p_new_hash, '') IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'password: a new hash is required';
    END IF;
    IF v_own THEN
        START TRANSACTION;
    END IF;
    UPDATE user AS u
    SET u.password_hash = p_new_hash
    WHERE
        u.id_random = public_id(p_user_id_random)
        AND BINARY u.password_hash = BINARY p_old_hash;
    SET v_replaced = ROW_COUNT();
    SELECT v_replaced AS replaced;
    IF v_own THEN
        COMMIT;
    END IF;
END
