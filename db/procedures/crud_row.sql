-- Answers one row of p_type's view, by internal id, inside one account.
CREATE OR REPLACE PROCEDURE crud_row(IN p_type VARCHAR(64), IN p_account_id INT UNSIGNED, IN p_id INT UNSIGNED)
READS SQL DATA
BEGIN
    CALL crud_execute(CONCAT(
        'SELECT * FROM `', (
            SELECT t.view_name FROM crud_type AS t
            WHERE t.name = p_type
        ), '` WHERE id = ', p_id, ' AND account_id = ', p_account_id
    ), NULL, NULL, NULL);
END
