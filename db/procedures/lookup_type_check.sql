-- Signals 404 unless p_type is a registered lookup type (lu_type).
CREATE OR REPLACE PROCEDURE lookup_type_check(IN p_type VARCHAR(64))
READS SQL DATA
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM lu_type AS t
        WHERE t.name = p_type
    ) THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'lu_type: not a lookup type';
    END IF;
END
