-- The internal id of a user named by its id_random; signals 404 when there is none.
CREATE OR REPLACE FUNCTION user_id_of(p_id_random LONGTEXT)
RETURNS INT UNSIGNED
READS SQL DATA
BEGIN
    DECLARE v_id INT UNSIGNED;
    SET v_id = (
        SELECT u.id FROM user AS u
        WHERE u.id_random = public_id(p_id_random)
    );
    IF v_id IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'user: no user with this id';
    END IF;
    RETURN v_id;
END
