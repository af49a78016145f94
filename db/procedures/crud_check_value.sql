-- Refuses a body value its column would take wrongly: a fraction, a string or a flag for a whole
-- number (MariaDB would round 1.5 to 2), anything but a word for an ENUM (MariaDB would take 2,
-- "2" or true as the 2nd or the 1st word), and a value that names no entry of the lookup the
-- field belongs to (lu_type.field_name: time_zone, country_code), as this account sees it.
CREATE OR REPLACE PROCEDURE crud_check_value(
    IN p_account_id INT UNSIGNED,
    IN p_body LONGTEXT,
    IN p_key VARCHAR(64),
    IN p_column_type VARCHAR(200),
    IN p_lookup VARCHAR(64)
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_json_type VARCHAR(20) DEFAULT JSON_TYPE(JSON_EXTRACT(p_body, CONCAT('$."', p_key, '"')));
    DECLARE v_value LONGTEXT;
    DECLARE v_found LONGTEXT;
    DECLARE v_message VARCHAR(512);
    IF
        p_column_type REGEXP '^(tiny|small|medium|big)?int'
        AND v_json_type NOT IN ('INTEGER', 'UNSIGNED INTEGER', 'NULL')
        AND NOT (v_json_type = 'BOOLEAN' AND p_column_type LIKE 'tinyint(1)%')
    THEN
        SET v_message = CONCAT(p_key, ': must be a whole number, such as 3');
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = v_message;
    END IF;
    SET v_value = crud_scalar(p_body, p_key);
    IF p_column_type LIKE 'enum(%' AND (v_json_type NOT IN ('STRING', 'NULL') OR v_value REGEXP '^[0-9]+$') THEN
        SET v_message = CONCAT(p_key, ': must be one of ', REPLACE(REPLACE(
            SUBSTRING(p_column_type, 6, CHAR_LENGTH(p_column_type) - 6), ''',''', ', '
        ), '''', ''));
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = v_message;
    END IF;
    IF p_lookup IS NOT NULL AND v_value IS NOT NULL THEN
        CALL crud_value(CONCAT(
            'SELECT MAX(l.id) INTO @crud_value FROM `', (
                SELECT t.table_name FROM lu_type AS t
                WHERE t.name = p_lookup
            ), '` AS l WHERE l.scope IN (''0::0'', ''', lookup_scope(p_account_id, NULL, NULL),
            ''') AND l.`group` = ? AND l.`group` = ? COLLATE utf8mb4_bin'
        ), v_value, v_value, NULL, v_found);
        IF v_found IS NULL THEN
            SET v_message = CONCAT(
                p_key, ': not a known ', REPLACE(p_lookup, '_', ' '), ' (see /v3/lookup/', p_lookup, '/)'
            );
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = v_message;
        END IF;
    END IF;
END
