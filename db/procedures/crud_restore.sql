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
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_table VARCHAR(64);
    DECLARE v_soft TINYINT;
    DECLARE v_id INT UNSIGNED;
    DECLARE v_message VARCHAR(512);
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        IF v_own THEN
            ROLLBACK;
        END IF;
        RESIGNAL;
    END;
    CALL crud_type_check(p_type, p_parent_id_random);
    SELECT
        t.table_name,
        t.soft_delete
    INTO v_table, v_soft
    FROM crud_type AS t
    WHERE t.name = p_type;
    IF NOT v_soft THEN
        SET v_message = CONCAT('type: deleting a ', p_type, ' removes it for good; there is nothing to restore');
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31405, MESSAGE_TEXT = v_message;
    END IF;
    IF v_own THEN
        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
    END IF;
    CALL crud_resolve(p_type, p_account_id, p_id_random, p_parent_id_random, p_type, 31404, 'deleted', v_id);
    CALL crud_execute(CONCAT('UPDATE `', v_table, '` SET deleted_on = NULL WHERE id = ', v_id), NULL, NULL, NULL);
    CALL crud_row(p_type, p_account_id, v_id);
    IF v_own THEN
        COMMIT;
    END IF;
END
