-- Changes the fields a JSON body names on one object of p_type (inside p_parent_id_random when
-- given) and answers its view row. 404 when the object is not in the account or that parent.
-- All or nothing: one transaction (the caller's, if any). The UPDATE names one table: MariaDB
-- 10.11 raises a CHECK failure of a multi-table UPDATE past the procedure's error handler.
CREATE OR REPLACE PROCEDURE crud_update(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_id_random LONGTEXT,
    IN p_body LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_table VARCHAR(64);
    DECLARE v_view VARCHAR(64);
    DECLARE v_parent VARCHAR(64);
    DECLARE v_parent_id_random LONGTEXT DEFAULT p_parent_id_random;
    DECLARE v_id INT UNSIGNED;
    DECLARE v_columns LONGTEXT;
    DECLARE v_values LONGTEXT;
    DECLARE v_set LONGTEXT;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        IF v_own THEN
            ROLLBACK;
        END IF;
        RESIGNAL;
    END;
    CALL crud_type_check(p_type, p_parent_id_random);
    CALL crud_body_check(p_body);
    SELECT
        t.table_name,
        t.view_name,
        t.parent_name
    INTO v_table, v_view, v_parent
    FROM crud_type AS t
    WHERE t.name = p_type;
    IF v_own THEN
        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
    END IF;
    CALL crud_resolve(p_type, p_account_id, p_id_random, p_parent_id_random, p_type, 31404, 'update', v_id);
    IF v_parent IS NOT NULL AND p_parent_id_random IS NULL THEN
        CALL crud_value(CONCAT(
            'SELECT MAX(`', v_parent, '_id_random`) INTO @crud_value FROM `', v_view, '` WHERE id = ', v_id
        ), NULL, NULL, NULL, v_parent_id_random);
    END IF;
    CALL crud_assignments(p_type, p_account_id, v_parent_id_random, v_id, p_body, v_columns, v_values, v_set);
    IF v_set <> '' THEN
        CALL crud_execute(CONCAT(
            'UPDATE `', v_table, '` SET ', SUBSTRING(v_set, 3), ' WHERE id = ', v_id
        ), p_body, NULL, NULL);
    END IF;
    CALL crud_row(p_type, p_account_id, v_id);
    IF v_own THEN
        COMMIT;
    END IF;
END
