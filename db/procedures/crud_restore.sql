-- Brings back a soft-deleted object of p_type (inside p_parent_id_random when given) and answers
-- its view row; an object that is not deleted is answered as it is. 404 when it is not in the
-- account or that parent, or when its parent is deleted (restore the parent first).
CREATE OR REPLACE PROCEDURE crud_restore(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_id_random LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_table VARCHAR(64);
    DECLARE v_view VARCHAR(64);
    DECLARE v_parent VARCHAR(64);
    DECLARE v_soft TINYINT;
    DECLARE v_message VARCHAR(128);
    CALL crud_type_check(p_type, p_parent_id_random);
    SELECT
        t.table_name,
        t.view_name,
        t.parent_name,
        t.soft_delete
    INTO v_table, v_view, v_parent, v_soft
    FROM crud_type AS t
    WHERE t.name = p_type;
    IF NOT v_soft THEN
        SET v_message = CONCAT('type: deleting a ', p_type, ' removes it for good; there is nothing to restore');
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31405, MESSAGE_TEXT = v_message;
    END IF;
    SET @crud_found = NULL, @crud_p1 = p_id_random, @crud_p2 = p_account_id, @crud_p3 = p_parent_id_random;
    CALL crud_execute(CONCAT(
        'SELECT MAX(id) INTO @crud_found FROM `', v_view, '` AS v WHERE id_random = ? AND account_id = ?',
        IF(p_parent_id_random IS NULL, ' AND ? IS NULL', CONCAT(' AND `', v_parent, '_id_random` = ?')),
        crud_alive_sql(p_type, 'v', 0)
    ), 3);
    IF @crud_found IS NULL THEN
        SET v_message = CONCAT(p_type, ': no ', p_type, ' with this id in your account');
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = v_message;
    END IF;
    CALL crud_execute(CONCAT('UPDATE `', v_table, '` SET deleted_on = NULL WHERE id = ', @crud_found), 0);
    CALL crud_row(p_type, p_account_id, @crud_found);
END
