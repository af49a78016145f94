-- p as a membership role (read, write or admin), or a 422 naming the field `role`.
CREATE OR REPLACE FUNCTION user_role_checked(p LONGTEXT)
RETURNS VARCHAR(5) CHARACTER SET ascii COLLATE ascii_bin
DETERMINISTIC
NO SQL
BEGIN
    IF p IS NULL OR BINARY p NOT IN ('read', 'write', 'admin') THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'role: must be one of read, write, admin';
    END IF;
    RETURN CONVERT(p USING ascii);
END
