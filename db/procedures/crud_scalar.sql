-- One field of a write body as text: NULL for JSON null, 1/0 for booleans. Objects and arrays
-- are refused, naming the field (only *_json columns take those).
CREATE OR REPLACE FUNCTION crud_scalar(p_body LONGTEXT, p_field VARCHAR(64))
RETURNS LONGTEXT
DETERMINISTIC
NO SQL
BEGIN
    DECLARE v_path VARCHAR(80) DEFAULT CONCAT('$."', p_field, '"');
    DECLARE v_type VARCHAR(20) DEFAULT JSON_TYPE(JSON_EXTRACT(p_body, v_path));
    DECLARE v_message VARCHAR(512);
    IF v_type IN ('OBJECT', 'ARRAY') THEN
        SET v_message = CONCAT(p_field, ': must be a single value, not an ', LOWER(v_type));
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = v_message;
    END IF;
    RETURN JSON_VALUE(p_body, v_path);
END
