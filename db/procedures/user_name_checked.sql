-- p as a person's display name (trimmed; NULL when empty), or a 422 naming the field `name`.
CREATE OR REPLACE FUNCTION user_name_checked(p LONGTEXT)
RETURNS VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
DETERMINISTIC
NO SQL
BEGIN
    DECLARE v_name LONGTEXT DEFAULT NULLIF(TRIM(p), '');
    IF CHAR_LENGTH(v_name) > 200 THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'name: must be at most 200 characters';
    END IF;
    RETURN v_name;
END
