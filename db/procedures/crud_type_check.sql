-- Signals 404 unless p_type is a registered object type, and unless p_parent_id_random is NULL
-- for a type without a parent.
CREATE OR REPLACE PROCEDURE crud_type_check(IN p_type VARCHAR(64), IN p_parent_id_random LONGTEXT)
READS SQL DATA
BEGIN
    DECLARE v_known INT DEFAULT 0;
    DECLARE v_parent VARCHAR(64);
    SELECT
        COUNT(*) AS known,
        MAX(t.parent_name) AS parent_name
    INTO v_known, v_parent
    FROM crud_type AS t
    WHERE t.name = p_type;
    IF v_known = 0 THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'type: not a registered object type';
    END IF;
    IF p_parent_id_random IS NOT NULL AND v_parent IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'type: this type has no parent';
    END IF;
END
