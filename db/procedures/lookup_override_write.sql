-- Creates or replaces the override of one group of p_type for the account, or for one of its
-- objects when the body names for_type and for_id_random. Body: name, description, sort,
-- enable, hide (each optional; NULL or absent means "as the default"; enable defaults to 1).
-- A group with no global default needs a name. Answers the override's internal id in o_id.
-- Runs inside its caller's transaction (lookup_override_set, lookup_override_batch).
CREATE OR REPLACE PROCEDURE lookup_override_write(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_group LONGTEXT,
    IN p_body LONGTEXT,
    OUT o_id INT UNSIGNED
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_table VARCHAR(64);
    DECLARE v_keys LONGTEXT;
    DECLARE v_key LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    DECLARE v_i INT DEFAULT 0;
    DECLARE v_for_type LONGTEXT;
    DECLARE v_for_id INT UNSIGNED;
    DECLARE v_name LONGTEXT;
    DECLARE v_enable LONGTEXT;
    DECLARE v_hide LONGTEXT;
    DECLARE v_found LONGTEXT;
    DECLARE v_message VARCHAR(512);
    SET o_id = NULL;
    CALL lookup_type_check(p_type);
    CALL crud_body_check(p_body);
    SET v_table = (
        SELECT t.table_name FROM lu_type AS t
        WHERE t.name = p_type
    );
    SET v_keys = JSON_KEYS(p_body);
    WHILE v_i < JSON_LENGTH(v_keys) DO
        SET v_key = JSON_VALUE(v_keys, CONCAT('$[', v_i, ']'));
        SET v_i = v_i + 1;
        IF v_key NOT IN ('name', 'description', 'sort', 'enable', 'hide', 'for_type', 'for_id_random') THEN
            SET v_message = CONCAT(
                IF(v_key REGEXP '^[a-z][a-z0-9_]{0,63}$', v_key, 'body'),
                ': an override takes name, description, sort, enable, hide, for_type and for_id_random'
            );
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = v_message;
        END IF;
    END WHILE;
    IF TRIM(COALESCE(p_group, '')) = '' OR CHAR_LENGTH(p_group) > 100 THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'group: must be 1 to 100 characters';
    END IF;
    SET v_for_type = crud_scalar(p_body, 'for_type'), v_name = crud_scalar(p_body, 'name');
    SET v_enable = COALESCE(crud_scalar(p_body, 'enable'), '1'), v_hide = crud_scalar(p_body, 'hide');
    CALL lookup_object(p_account_id, v_for_type, crud_scalar(p_body, 'for_id_random'), 31422, v_for_id);
    IF CHAR_LENGTH(v_name) > 200 OR TRIM(v_name) = '' THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'name: must be 1 to 200 characters';
    END IF;
    IF JSON_TYPE(JSON_EXTRACT(p_body, '$.sort')) NOT IN ('INTEGER', 'NULL') THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'sort: must be a whole number';
    END IF;
    IF v_enable NOT IN ('0', '1') THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'enable: must be true or false';
    END IF;
    IF v_hide NOT IN ('0', '1') THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'hide: must be true or false';
    END IF;
    CALL crud_value(CONCAT(
        'SELECT COUNT(*) INTO @crud_value FROM `', v_table,
        '` WHERE scope = ''0::0'' AND `group` = ? COLLATE utf8mb4_unicode_ci'
    ), p_group, NULL, NULL, v_found);
    IF v_found = 0 AND v_name IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'name: is required: this group has no default';
    END IF;
    -- INSERT ... VALUES, not INSERT ... SELECT: a bulk insert holds the table's AUTO-INC lock to
    -- the end of the statement, and concurrent batches then fail with 1467 instead of waiting.
    CALL crud_execute(CONCAT(
        'INSERT INTO `', v_table, '` (account_id, for_type, for_id, `group`, name, description, sort, enable, hide)',
        ' VALUES (', p_account_id, ', crud_scalar(@crud_1, ''for_type''), ', COALESCE(v_for_id, 'NULL'),
        ', @crud_2, crud_scalar(@crud_1, ''name''), crud_scalar(@crud_1, ''description''),',
        ' crud_scalar(@crud_1, ''sort''), COALESCE(crud_scalar(@crud_1, ''enable''), 1),',
        ' crud_scalar(@crud_1, ''hide''))',
        ' ON DUPLICATE KEY UPDATE name = VALUES(name), description = VALUES(description), sort = VALUES(sort),',
        ' enable = VALUES(enable), hide = VALUES(hide)'
    ), p_body, p_group, NULL);
    CALL crud_value(CONCAT(
        'SELECT id INTO @crud_value FROM `', v_table, '` WHERE account_id = ', p_account_id,
        ' AND scope = ? AND `group` = ? COLLATE utf8mb4_unicode_ci'
    ), lookup_scope(p_account_id, v_for_type, v_for_id), p_group, NULL, v_found);
    SET o_id = v_found;
END
