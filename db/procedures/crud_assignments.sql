-- Turns a write body into the column list, the value list and the SET list of an INSERT or
-- UPDATE on p_type's table (each ", `col` ..." or "" when the body names nothing). Only the
-- type's writable fields pass. The expressions read the body as @crud_1, which crud_execute
-- sets to the body when it runs the statement (crud_insert, crud_update): values are never
-- spliced into SQL. References (`<type>_id_random`, `for_id_random`) are resolved here to integer ids
-- inside p_account_id, siblings inside the same parent (p_parent_id_random), and locked against
-- deletion until the write commits. p_row_id is the row being updated, NULL for an insert.
CREATE OR REPLACE PROCEDURE crud_assignments(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_row_id INT UNSIGNED,
    IN p_body LONGTEXT,
    OUT o_columns LONGTEXT,
    OUT o_values LONGTEXT,
    OUT o_set LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_table VARCHAR(64);
    DECLARE v_parent VARCHAR(64);
    DECLARE v_writable VARCHAR(2000);
    DECLARE v_column_types LONGTEXT;
    DECLARE v_lookup_fields LONGTEXT;
    DECLARE v_keys LONGTEXT DEFAULT JSON_KEYS(p_body);
    DECLARE v_key LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    -- v_key, v_path and v_column hold a body key before it is checked: a key of any length.
    DECLARE v_path LONGTEXT;
    DECLARE v_i INT DEFAULT 0;
    DECLARE v_ref VARCHAR(64);
    DECLARE v_ref_parent VARCHAR(64);
    DECLARE v_ref_id INT UNSIGNED;
    DECLARE v_column LONGTEXT;
    DECLARE v_column_type VARCHAR(200);
    DECLARE v_expr LONGTEXT;
    DECLARE v_for_type LONGTEXT;
    DECLARE v_message VARCHAR(512);
    CALL crud_body_check(p_body);
    SELECT
        t.table_name,
        t.parent_name,
        t.writable_fields
    INTO v_table, v_parent, v_writable
    FROM crud_type AS t
    WHERE t.name = p_type;
    SET v_column_types = (
        SELECT JSON_OBJECTAGG(c.column_name, c.column_type) FROM information_schema.columns AS c
        WHERE c.table_schema = DATABASE() AND c.table_name = v_table
    );
    SET v_lookup_fields = (
        SELECT JSON_OBJECTAGG(l.field_name, l.name) FROM lu_type AS l
        WHERE l.field_name IS NOT NULL
    );
    SET o_columns = '', o_values = '', o_set = '';
    WHILE v_i < JSON_LENGTH(v_keys) DO
        SET v_key = JSON_VALUE(v_keys, CONCAT('$[', v_i, ']'));
        SET v_path = CONCAT('$."', v_key, '"');
        SET v_i = v_i + 1;
        SET v_column = v_key, v_expr = NULL;
        IF v_parent IS NOT NULL AND v_key = CONCAT(v_parent, '_id_random') THEN
            IF NOT crud_scalar(p_body, v_key) <=> p_parent_id_random THEN
                SET v_message = CONCAT(v_key, IF(
                    p_row_id IS NULL,
                    ': does not match the ',
                    ': cannot be changed; delete and re-create under another '
                ), v_parent, IF(p_row_id IS NULL, ' in the URL', ''));
                SIGNAL SQLSTATE '45000'
                    SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = v_message;
            END IF;
        ELSEIF v_key NOT REGEXP '^[a-z][a-z0-9_]{0,63}$' OR FIND_IN_SET(v_key, v_writable) = 0 THEN
            CALL crud_refuse_field(p_type, v_key);
        ELSEIF v_key = 'for_type' AND JSON_EXISTS(p_body, '$.for_id_random') = 0 THEN
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'for_id_random: is required with for_type';
        ELSEIF v_key = 'for_id_random' THEN
            SET v_for_type = crud_scalar(p_body, 'for_type');
            IF v_for_type IS NULL AND p_row_id IS NOT NULL THEN
                CALL crud_value(CONCAT(
                    'SELECT MAX(for_type) INTO @crud_value FROM `', v_table, '` WHERE id = ', p_row_id
                ), NULL, NULL, NULL, v_for_type);
            END IF;
            IF v_for_type IS NULL OR NOT EXISTS (
                SELECT 1 FROM crud_type AS t
                WHERE t.name = v_for_type
            ) THEN
                SIGNAL SQLSTATE '45000'
                    SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'for_type: must name an object type';
            END IF;
            CALL crud_resolve(
                v_for_type, p_account_id, crud_scalar(p_body, v_key), NULL, v_key, 31422, 'share', v_ref_id
            );
            SET v_column = 'for_id', v_expr = v_ref_id;
        ELSEIF v_key LIKE '%\_id\_random' THEN
            SET v_ref = LEFT(v_key, CHAR_LENGTH(v_key) - 10), v_column = CONCAT(v_ref, '_id'), v_expr = 'NULL';
            IF crud_scalar(p_body, v_key) IS NOT NULL THEN
                SET v_ref_parent = (
                    SELECT t.parent_name FROM crud_type AS t
                    WHERE t.name = v_ref
                );
                CALL crud_resolve(
                    v_ref, p_account_id, crud_scalar(p_body, v_key),
                    IF(v_ref_parent <=> v_parent, p_parent_id_random, NULL), v_key, 31422, 'share', v_ref_id
                );
                SET v_expr = v_ref_id;
            END IF;
        ELSEIF v_key LIKE '%\_json' THEN
            SET v_expr = CONCAT('NULLIF(JSON_EXTRACT(@crud_1, ''', v_path, '''), ''null'')');
        ELSE
            SET v_column_type = JSON_VALUE(v_column_types, v_path);
            CALL crud_check_value(p_account_id, p_body, v_key, v_column_type, JSON_VALUE(v_lookup_fields, v_path));
            SET v_expr = IF(
                v_column_type LIKE 'datetime%' OR v_column_type LIKE 'timestamp%',
                CONCAT('crud_datetime(crud_scalar(@crud_1, ''', v_key, '''))'),
                CONCAT('crud_scalar(@crud_1, ''', v_key, ''')')
            );
        END IF;
        IF v_expr IS NOT NULL THEN
            SET o_columns = CONCAT(o_columns, ', `', v_column, '`');
            SET o_values = CONCAT(o_values, ', ', v_expr);
            SET o_set = CONCAT(o_set, ', `', v_column, '` = ', v_expr);
        END IF;
    END WHILE;
END
