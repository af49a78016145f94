-- Refuses a write body that is not a JSON object.
CREATE OR REPLACE PROCEDURE crud_body_check(IN p_body LONGTEXT)
NO SQL
BEGIN
    IF p_body IS NULL OR JSON_VALID(p_body) = 0 OR JSON_TYPE(p_body) <> 'OBJECT' THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'body: must be a JSON object';
    END IF;
END
