-- Changes the fields a JSON body names on one object of p_type (inside p_parent_id_random when
-- given) and answers its view row. 404 when the object is not in the account or that parent.
CREATE OR REPLACE PROCEDURE crud_update(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_id_random LONGTEXT,
    IN p_body LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_table VARCHAR(64);
    DECLARE v_view VARCHAR(64);
    DECLARE v_parent VARCHAR(64);
    DECLARE v_id INT UNSIGNED;
    DECLARE v_set LONGTEXT;
    CALL crud_type_check(p_type, p_parent_id_random);
    CALL crud_body_check(p_body);
    SELECT
        t.table_name,
        t.view_name,
        t.parent_name
    INTO v_table, v_view, v_parent
    FROM crud_type AS t
    WHERE t.name = p_type;
    CALL crud_resolve(p_type, p_account_id, p_id_random, p_parent_id_random, p_type, 31404, v_id);
    SET @crud_parent = p_parent_id_random;
    IF v_parent IS NOT NULL AND p_parent_id_random IS NULL THEN
        CALL crud_execute(CONCAT(
            'SELECT MAX(`', v_parent, '_id_random`) INTO @crud_parent FROM `', v_view, '` WHERE id = ', v_id
        ), 0);
    END IF;
    CALL crud_assignments(p_type, p_account_id, @crud_parent, v_id, p_body, v_set);
    IF v_set <> '' THEN
        CALL crud_execute(CONCAT('UPDATE `', v_table, '` SET ', SUBSTRING(v_set, 3), ' WHERE id = ', v_id), 0);
    END IF;
    CALL crud_row(p_type, p_account_id, v_id);
END
