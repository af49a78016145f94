-- Creates a person who can log in (`aether create-user`, seed-demo, tests), and when
-- p_account_id_random is given makes them a member of that account with p_role, all or nothing.
-- p_password_hash is computed by the API (argon2id). 409 when the email is taken.
-- Answers the user's id_random.
CREATE OR REPLACE PROCEDURE user_create(
    IN p_email LONGTEXT,
    IN p_name LONGTEXT,
    IN p_password_hash LONGTEXT,
    IN p_is_platform_admin TINYINT,
    IN p_account_id_random LONGTEXT,
    IN p_role LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    DECLARE v_account_id INT UNSIGNED;
    DECLARE v_role VARCHAR(5) CHARACTER SET ascii COLLATE ascii_bin;
    DECLARE v_user_id INT UNSIGNED;
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
    SET v_email = user_email_checked(p_email);
    IF p_account_id_random IS NOT NULL THEN
        SET v_account_id = (
            SELECT a.id FROM account AS a
            WHERE a.id_random = public_id(p_account_id_random)
        );
        IF v_account_id IS NULL THEN
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'account: no account with this id';
        END IF;
        SET v_role = user_role_checked(p_role);
    END IF;
    IF EXISTS (
        SELECT 1 FROM user AS u
        WHERE u.email = v_email
    ) THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31409,
            MESSAGE_TEXT = 'email: a person with this email already exists; invite them or reset their password';
    END IF;
    INSERT INTO user (email, name, password_hash, is_platform_admin)
    VALUES (v_email, user_name_checked(p_name), p_password_hash, COALESCE(p_is_platform_admin, 0));
    SET v_user_id = (
        SELECT u.id FROM user AS u
        WHERE u.email = v_email
    );
    IF v_account_id IS NOT NULL THEN
        INSERT INTO account_user (account_id, user_id, role) VALUES (v_account_id, v_user_id, v_role);
    END IF;
    SELECT u.id_random FROM user AS u
    WHERE u.id = v_user_id;
    IF v_own THEN
        COMMIT;
    END IF;
END
