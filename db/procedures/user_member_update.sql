-- CRUD update for type `user`: changes a member's role in this account. A user's email and
-- name are theirs, shared by every account they belong to, so an account cannot change them.
CREATE OR REPLACE PROCEDURE user_member_update(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_id_random LONGTEXT,
    IN p_body LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
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
    CALL crud_type_check(p_type, p_parent_id_random);
    CALL user_member_body_check(p_type, p_body, 'role');
    SET v_user_id = (
        SELECT m.user_id FROM account_user AS m
        INNER JOIN user AS u ON m.user_id = u.id
        WHERE m.account_id = p_account_id AND u.id_random = public_id(p_id_random)
    );
    IF v_user_id IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'user: no user with this id in your account';
    END IF;
    IF JSON_EXISTS(p_body, '$.role') THEN
        UPDATE account_user AS m SET m.role = user_role_checked(crud_scalar(p_body, 'role'))
        WHERE m.account_id = p_account_id AND m.user_id = v_user_id;
    END IF;
    SELECT
        v.id,
        v.account_id,
        v.id_random,
        v.account_id_random,
        v.email,
        v.name,
        v.role,
        v.enable,
        v.last_login_on,
        v.created_on,
        v.updated_on
    FROM v_user AS v
    WHERE v.id = v_user_id AND v.account_id = p_account_id;
    IF v_own THEN
        COMMIT;
    END IF;
END
