-- Creates an account (tenant) and answers its id_random.
CREATE OR REPLACE PROCEDURE account_create(
    IN p_name VARCHAR(200),
    IN p_code VARCHAR(50)
)
MODIFIES SQL DATA
BEGIN
    IF TRIM(COALESCE(p_name, '')) = '' THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'name: must not be empty';
    END IF;
    INSERT INTO account (name, code) VALUES (TRIM(p_name), NULLIF(TRIM(p_code), ''))
    RETURNING id_random;
END
