-- Creates an account (tenant) and answers its id_random.
CREATE OR REPLACE PROCEDURE account_create(
    IN p_name LONGTEXT,
    IN p_code LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE EXIT HANDLER FOR 1062
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31409, MESSAGE_TEXT = 'code: another account already has this code';
    IF TRIM(COALESCE(p_name, '')) = '' THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'name: must not be empty';
    END IF;
    INSERT INTO account (name, code) VALUES (TRIM(p_name), NULLIF(TRIM(p_code), ''))
    RETURNING id_random;
END
