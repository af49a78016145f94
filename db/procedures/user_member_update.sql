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
    DECLARE v_user_id INT UNSIGNED;
    CALL crud_type_check(p_type, p_parent_id_random);
    CALL user_member_body_check(p_body, 'role');
    CALL crud_resolve(p_type, p_account_id, p_id_random, NULL, p_type, 31404, 'update', v_user_id);
    IF JSON_EXISTS(p_body, '$.role') THEN
        UPDATE account_user AS m SET m.role = crud_scalar(p_body, 'role')
        WHERE m.account_id = p_account_id AND m.user_id = v_user_id;
    END IF;
    CALL crud_row(p_type, p_account_id, v_user_id);
END
