-- CRUD create for type `user_invitation`: invites `email` to the account with `role` (default
-- read) and an optional suggested display `name`. No user row is made and nobody becomes a
-- member until the person accepts (user_invitation_accept). A pending invitation of the same
-- email in this account is re-issued: new token, new expiry (7 days), new role and name.
-- 409 naming the member when the email is a member already. Answers the invitation's view row
-- plus `token` (the secret to mail; only its SHA-256 is kept) and `account_name` (for the mail).
-- The procedure signature is crud_insert's.
CREATE OR REPLACE PROCEDURE user_invitation_insert(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_body LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    DECLARE v_role VARCHAR(5) CHARACTER SET ascii COLLATE ascii_bin;
    DECLARE v_name VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    DECLARE v_member CHAR(11) CHARACTER SET ascii COLLATE ascii_bin;
    DECLARE v_token CHAR(43) CHARACTER SET ascii COLLATE ascii_bin DEFAULT secret_token();
    DECLARE v_id INT UNSIGNED;
    DECLARE v_message VARCHAR(512);
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
    CALL crud_type_check(p_type, p_parent_id_random);
    CALL user_member_body_check(p_type, p_body, 'email,role,name');
    SET v_email = user_email_checked(crud_scalar(p_body, 'email'));
    SET v_role = user_role_checked(COALESCE(crud_scalar(p_body, 'role'), 'read'));
    SET v_name = user_name_checked(crud_scalar(p_body, 'name'));
    SET v_member = (
        SELECT MAX(u.id_random) FROM account_user AS m
        INNER JOIN user AS u ON m.user_id = u.id
        WHERE m.account_id = p_account_id AND u.email = v_email
    );
    IF v_member IS NOT NULL THEN
        SET v_message = CONCAT('email: already exists as ', v_member);
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31409, MESSAGE_TEXT = v_message;
    END IF;
    INSERT INTO user_invitation (account_id, email, role, name, token_hash, expires_on)
    VALUES (
        p_account_id, v_email, v_role, v_name, secret_token_hash(v_token), CURRENT_TIMESTAMP(6) + INTERVAL 7 DAY
    )
    ON DUPLICATE KEY UPDATE
        role = VALUES (role),
        name = VALUES (name),
        token_hash = VALUES (token_hash),
        expires_on = VALUES (expires_on);
    SET v_id = (
        SELECT i.id FROM user_invitation AS i
        WHERE i.account_id = p_account_id AND i.email = v_email
    );
    SELECT
        v.id,
        v.account_id,
        v.id_random,
        v.account_id_random,
        v.email,
        v.role,
        v.name,
        v.expires_on,
        v.created_on,
        v.updated_on,
        v_token AS token,
        a.name AS account_name
    FROM v_user_invitation AS v
    INNER JOIN account AS a ON v.account_id = a.id
    WHERE v.id = v_id AND v.account_id = p_account_id;
    IF v_own THEN
        COMMIT;
    END IF;
END
