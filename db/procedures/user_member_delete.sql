-- CRUD delete for type `user`: ends the membership in this account; the user stays, with their
-- other accounts.
CREATE OR REPLACE PROCEDURE user_member_delete(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_id_random LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_user_id INT UNSIGNED;
    CALL crud_type_check(p_type, p_parent_id_random);
    CALL crud_resolve(p_type, p_account_id, p_id_random, NULL, p_type, 31404, 'update', v_user_id);
    DELETE FROM account_user
    WHERE account_id = p_account_id AND user_id = v_user_id;
END
