-- After a duplicate-key error on INSERT INTO p_table (p_columns) VALUES (p_values) (crud_insert):
-- the field the candidate row collides on (the last column of that unique key) and the id_random
-- of the row that holds it, when that row is in account p_account_id (NULL when it belongs to
-- another account: a conflict on a global key never names another tenant's object). The
-- candidate row is built in a temporary copy of the table, so generated columns (dedupe keys)
-- are computed exactly as the real insert computed them. Both NULL when nothing is found.
CREATE OR REPLACE PROCEDURE crud_conflict(
    IN p_table VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_columns LONGTEXT,
    IN p_values LONGTEXT,
    IN p_body LONGTEXT,
    OUT o_existing CHAR(11),
    OUT o_field VARCHAR(64)
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_condition LONGTEXT;
    DECLARE v_field VARCHAR(64);
    DECLARE v_found LONGTEXT;
    DECLARE v_done INT DEFAULT 0;
    DECLARE unique_keys CURSOR FOR
        SELECT
            GROUP_CONCAT(
                CONCAT('t.`', s.column_name, '` = c.`', s.column_name, '`') ORDER BY s.seq_in_index SEPARATOR ' AND '
            ) AS key_condition,
            SUBSTRING_INDEX(GROUP_CONCAT(s.column_name ORDER BY s.seq_in_index), ',', -1) AS last_column
        FROM information_schema.statistics AS s
        WHERE
            s.table_schema = DATABASE() AND s.table_name = p_table AND s.non_unique = 0
            AND s.index_name <> 'PRIMARY'
        GROUP BY s.index_name;
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_done = 1;
    SET o_existing = NULL, o_field = NULL;
    DROP TEMPORARY TABLE IF EXISTS crud_candidate;
    CALL crud_execute(CONCAT('CREATE TEMPORARY TABLE crud_candidate LIKE `', p_table, '`'), NULL, NULL, NULL);
    CALL crud_execute(CONCAT(
        'INSERT INTO crud_candidate (', p_columns, ') VALUES (', p_values, ')'
    ), p_body, NULL, NULL);
    OPEN unique_keys;
    candidate_keys: LOOP
        FETCH unique_keys INTO v_condition, v_field;
        IF v_done OR o_field IS NOT NULL THEN
            LEAVE candidate_keys;
        END IF;
        CALL crud_value(CONCAT(
            'SELECT MAX(IF(t.account_id = ', p_account_id, ', t.id_random, '''')) INTO @crud_value FROM `',
            p_table, '` AS t, crud_candidate AS c WHERE ', v_condition
        ), NULL, NULL, NULL, v_found);
        IF v_found IS NOT NULL THEN
            SET o_field = v_field, o_existing = NULLIF(v_found, '');
        END IF;
    END LOOP;
    CLOSE unique_keys;
    DROP TEMPORARY TABLE crud_candidate;
END
