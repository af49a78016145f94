-- Deletes one object of p_type (inside p_parent_id_random when given) with the contacts,
-- addresses, data stores and lookup overrides that belong to it. Children go with it (ON DELETE CASCADE);
-- 404 when the object is not in the account or that parent. A type with soft_delete keeps the
-- row and sets deleted_on instead (crud_restore brings it back).
CREATE OR REPLACE PROCEDURE crud_delete(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_id_random LONGTEXT
)
MODIFIES SQL DATA
crud_delete_body: BEGIN
    DECLARE v_table VARCHAR(64);
    DECLARE v_id INT UNSIGNED;
    DECLARE v_owned VARCHAR(64);
    DECLARE v_done INT DEFAULT 0;
    DECLARE owned CURSOR FOR
        SELECT c.table_name FROM information_schema.columns AS c
        WHERE
            c.table_schema = DATABASE() AND c.column_name = 'for_type'
            AND (
                c.table_name IN (SELECT t.table_name FROM crud_type AS t)
                OR c.table_name IN (SELECT l.table_name FROM lu_type AS l)
            );
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_done = 1;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        ROLLBACK;
        RESIGNAL;
    END;
    CALL crud_type_check(p_type, p_parent_id_random);
    SET v_table = (
        SELECT t.table_name FROM crud_type AS t
        WHERE t.name = p_type
    );
    CALL crud_resolve(p_type, p_account_id, p_id_random, p_parent_id_random, p_type, 31404, v_id);
    IF (
        SELECT t.soft_delete FROM crud_type AS t
        WHERE t.name = p_type
    ) THEN
        CALL crud_execute(CONCAT('UPDATE `', v_table, '` SET deleted_on = CURRENT_TIMESTAMP(6) WHERE id = ', v_id), 0);
        LEAVE crud_delete_body;
    END IF;
    START TRANSACTION;
    OPEN owned;
    owned_tables: LOOP
        FETCH owned INTO v_owned;
        IF v_done THEN
            LEAVE owned_tables;
        END IF;
        SET @crud_p1 = p_type;
        CALL crud_execute(CONCAT('DELETE FROM `', v_owned, '` WHERE for_type = ? AND for_id = ', v_id), 1);
    END LOOP;
    CLOSE owned;
    CALL crud_execute(CONCAT('DELETE FROM `', v_table, '` WHERE id = ', v_id), 0);
    COMMIT;
END
