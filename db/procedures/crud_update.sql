-- Changes the fields a JSON body names on one object of p_type (inside p_parent_id_random when
-- given) and answers its view row: the generated update__<type> procedure does the work (see
-- crud_insert). 404 when the object is not in the account or that parent. All or nothing: one
-- transaction (the caller's, if any).
CREATE OR REPLACE PROCEDURE crud_update(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_id_random LONGTEXT,
    IN p_body LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    CALL crud_type_check(p_type, p_parent_id_random);
    CALL crud_dispatch(
        CONCAT('CALL `update__', p_type, '`(''', p_type, ''', ', p_account_id, ', ?, ?, ?)'), p_parent_id_random,
        p_id_random, p_body
    );
END
