-- The internal id of the object an object override belongs to (for_type + for_id_random), inside
-- the account; NULL when neither is given. Signals p_errno when the object is not there.
CREATE OR REPLACE PROCEDURE lookup_object(
    IN p_account_id INT UNSIGNED,
    IN p_for_type LONGTEXT,
    IN p_for_id_random LONGTEXT,
    IN p_errno SMALLINT UNSIGNED,
    OUT o_for_id INT UNSIGNED
)
READS SQL DATA
BEGIN
    SET o_for_id = NULL;
    IF (p_for_type IS NULL) <> (p_for_id_random IS NULL) THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'for_id_random: for_type and for_id_random go together';
    END IF;
    IF p_for_type IS NOT NULL THEN
        IF p_for_type NOT REGEXP '^[a-z_][a-z0-9_]*$' OR NOT EXISTS (
            SELECT 1 FROM crud_type AS t
            WHERE t.name = p_for_type
        ) THEN
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'for_type: must name an object type';
        END IF;
        CALL crud_resolve(p_for_type, p_account_id, p_for_id_random, NULL, 'for_id_random', p_errno, 'share', o_for_id);
    END IF;
END
