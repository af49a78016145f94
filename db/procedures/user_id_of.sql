-- The internal id of a user named by its id_random; signals 404 when there is none.
CREATE OR REPLACE FUNCTION user_id_of(p_id_random CHAR(11))
RETURNS INT UNSIGNED
READS SQL DATA
BEGIN
    DECLARE v_id INT UNSIGNED;
    SELECT u.id INTO v_id FROM user AS u
    WHERE u.id_random = p_id_random;
    IF v_id IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'user: no user with this id';
    END IF;
    RETURN v_id;
END
