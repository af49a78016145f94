-- The internal id of an account named by its id_random; signals 404 when there is none.
CREATE OR REPLACE FUNCTION account_id_of(p_id_random LONGTEXT)
RETURNS INT UNSIGNED
READS SQL DATA
BEGIN
    DECLARE v_id INT UNSIGNED;
    SELECT a.id INTO v_id FROM account AS a
    WHERE a.id_random = public_id(p_id_random);
    IF v_id IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'account: no account with this id';
    END IF;
    RETURN v_id;
END
