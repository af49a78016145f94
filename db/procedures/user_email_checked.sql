-- p as a user's email (trimmed, lower case), or a 422 naming the field `email`. Compared with
-- user.email and user_invitation.email under their collation (utf8mb4_unicode_ci).
CREATE OR REPLACE FUNCTION user_email_checked(p LONGTEXT)
RETURNS VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
DETERMINISTIC
NO SQL
BEGIN
    DECLARE v_email LONGTEXT DEFAULT LOWER(TRIM(p));
    IF v_email IS NULL OR v_email NOT LIKE '_%@_%' OR v_email REGEXP '[[:space:][:cntrl:]]' THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'email: must be an email address';
    END IF;
    IF CHAR_LENGTH(v_email) > 254 THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'email: must be at most 254 characters';
    END IF;
    RETURN v_email;
END
