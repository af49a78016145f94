-- Accepts the invitation whose mailed token is p_token, once: the invitation is deleted in the
-- same statement that checks it is still there and not expired, so of two concurrent accepts
-- one wins and the other finds no invitation.
-- p_user_id_random given (a logged-in person): their email must equal the invitation's, under
-- the column's collation; they become a member. Not given: nobody may have that email yet
-- (401 otherwise: log in as that person first); the user is created with p_password_hash (the
-- API's argon2id hash; required) and p_name (default: the invitation's suggested name).
-- An unknown, used, revoked or expired token is one 422 naming the field `token`.
-- Answers user_id_random, account_id_random, role and the user's token_version.
CREATE OR REPLACE PROCEDURE user_invitation_accept(
    IN p_token LONGTEXT,
    IN p_user_id_random LONGTEXT,
    IN p_password_hash LONGTEXT,
    IN p_name LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin DEFAULT secret_token_hash(p_token);
    DECLARE v_invitation_id INT UNSIGNED;
    DECLARE v_account_id INT UNSIGNED;
    DECLARE v_email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    DECLARE v_role VARCHAR(5) CHARACTER SET ascii COLLATE ascii_bin;
    DECLARE v_name VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
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
        i.id,
        i.account_id,
        i.email,
        i.role,
        i.name
    INTO v_invitation_id, v_account_id, v_email, v_role, v_name
    FROM user_invitation AS i
    WHERE i.token_hash = v_hash AND i.expires_on > CURRENT_TIMESTAMP(6);
    DELETE FROM user_invitation
    WHERE id = v_invitation_id AND token_hash = v_hash AND expires_on > CURRENT_TIMESTAMP(6);
    SET v_deleted = ROW_COUNT();
    IF v_deleted <> 1 THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'token: not valid (unknown, used, revoked or expired)';
    END IF;
    IF p_user_id_random IS NOT NULL THEN
        SET v_user_id = (
            SELECT u.id FROM user AS u
            WHERE u.id_random = public_id(p_user_id_random) AND u.enable = 1
        );
        IF v_user_id IS NULL THEN
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'user: no user with this id';
        END IF;
        IF NOT EXISTS (
            SELECT 1 FROM user AS u
            WHERE u.id = v_user_id AND u.email = v_email
        ) THEN
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31403,
                MESSAGE_TEXT = 'token: this invitation was sent to another email address than yours';
        END IF;
    ELSE
        IF EXISTS (
            SELECT 1 FROM user AS u
            WHERE u.email = v_email
        ) THEN
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31401,
                MESSAGE_TEXT = 'token: a person with this email exists; log in as them, then accept with their token';
        END IF;
        IF NULLIF(p_password_hash, '') IS NULL THEN
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'password: is required to accept as a new person';
        END IF;
        INSERT INTO user (email, name, password_hash)
        VALUES (v_email, COALESCE(user_name_checked(p_name), v_name), p_password_hash);
        SET v_user_id = (
            SELECT u.id FROM user AS u
            WHERE u.email = v_email
        );
    END IF;
    IF EXISTS (
        SELECT 1 FROM account_user AS m
        WHERE m.account_id = v_account_id AND m.user_id = v_user_id
    ) THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31409, MESSAGE_TEXT = 'token: you are a member of this account already';
    END IF;
    INSERT INTO account_user (account_id, user_id, role) VALUES (v_account_id, v_user_id, v_role);
    SELECT
        u.id_random AS user_id_random,
        a.id_random AS account_id_random,
        m.role,
        u.token_version
    FROM account_user AS m
    INNER JOIN user AS u ON m.user_id = u.id
    INNER JOIN account AS a ON m.account_id = a.id
    WHERE m.account_id = v_account_id AND m.user_id = v_user_id;
    IF v_own THEN
        COMMIT;
    END IF;
END
