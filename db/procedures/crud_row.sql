-- Answers one row of p_type's view, by internal id, inside one account.
CREATE OR REPLACE PROCEDURE crud_row(IN p_type VARCHAR(64), IN p_account_id INT UNSIGNED, IN p_id INT UNSIGNED)
READS SQL DATA
BEGIN
    DECLARE v_view VARCHAR(64);
    SET v_view = (
        SELECT t.view_name FROM crud_type AS t
        WHERE t.name = p_type
    );
    SET @crud_p1 = p_id, @crud_p2 = p_account_id;
    CALL crud_execute(CONCAT('SELECT * FROM `', v_view, '` WHERE id = ? AND account_id = ?'), 2);
END
