-- Creates a person who can log in; p_password_hash is computed by the API (scrypt).
CREATE OR REPLACE PROCEDURE user_create(
    IN p_email VARCHAR(254),
    IN p_name VARCHAR(200),
    IN p_password_hash VARCHAR(255),
    IN p_is_platform_admin TINYINT
)
MODIFIES SQL DATA
BEGIN
    IF p_email IS NULL OR p_email NOT LIKE '_%@_%' THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'email: must be an email address';
    END IF;
    INSERT INTO user (email, name, password_hash, is_platform_admin)
    VALUES (LOWER(TRIM(p_email)), p_name, p_password_hash, COALESCE(p_is_platform_admin, 0))
    RETURNING id_random;
END
