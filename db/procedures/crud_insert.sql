-- Creates an object of p_type in account p_account_id from a JSON body and answers its view row:
-- the generated insert__<type> procedure does the work (api/write_procedures.py writes one for
-- every type whose insert_procedure is crud_insert, at every migrate). The parent comes from
-- p_parent_id_random (a nested URL: 404 when it is not in the account) or, when that is NULL,
-- from the body's `<parent>_id_random` (422 when missing or not found). A duplicate unique value
-- is a 409 naming the field, and the existing object's id_random when that object is in the
-- same account. All or nothing: one transaction (the caller's, if any).
CREATE OR REPLACE PROCEDURE crud_insert(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_body LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    CALL crud_type_check(p_type, p_parent_id_random);
    CALL crud_dispatch(
        CONCAT('CALL `insert__', p_type, '`(''', p_type, ''', ', p_account_id, ', ?, ?)'), p_parent_id_random, p_body,
        NULL
    );
END
