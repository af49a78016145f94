-- The internal id of a registered type's object named by its id_random, inside one account
-- and, when p_parent_id_random is given and the type has a parent, inside that parent.
-- Signals p_errno (31404 for a URL, 31422 for a body field) naming p_field when there is none.
-- Soft-deleted objects (and children of soft-deleted parents) are not found.
CREATE OR REPLACE PROCEDURE crud_resolve(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_id_random LONGTEXT,
    IN p_parent_id_random LONGTEXT,
    IN p_field VARCHAR(64),
    IN p_errno SMALLINT UNSIGNED,
    OUT o_id INT UNSIGNED
)
READS SQL DATA
BEGIN
    DECLARE v_view VARCHAR(64);
    DECLARE v_parent VARCHAR(64);
    DECLARE v_message VARCHAR(128);
    SELECT
        t.view_name,
        t.parent_name
    INTO v_view, v_parent
    FROM crud_type AS t
    WHERE t.name = p_type;
    SET @crud_found = NULL;
    IF v_view IS NOT NULL AND p_parent_id_random IS NOT NULL AND v_parent IS NOT NULL THEN
        SET @crud_p1 = p_id_random, @crud_p2 = p_account_id, @crud_p3 = p_parent_id_random;
        CALL crud_execute(CONCAT(
            'SELECT MAX(id) INTO @crud_found FROM `', v_view,
            '` AS v WHERE id_random = ? AND account_id = ? AND `', v_parent, '_id_random` = ?',
            crud_alive_sql(p_type, 'v', 1)
        ), 3);
    ELSEIF v_view IS NOT NULL THEN
        SET @crud_p1 = p_id_random, @crud_p2 = p_account_id;
        CALL crud_execute(CONCAT(
            'SELECT MAX(id) INTO @crud_found FROM `', v_view, '` AS v WHERE id_random = ? AND account_id = ?',
            crud_alive_sql(p_type, 'v', 1)
        ), 2);
    END IF;
    IF @crud_found IS NULL THEN
        SET v_message = LEFT(CONCAT(
            p_field, ': no ', p_type, ' with this id',
            IF(p_parent_id_random IS NOT NULL AND v_parent IS NOT NULL, CONCAT(' in this ', v_parent), ''),
            ' in your account'
        ), 128);
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = p_errno, MESSAGE_TEXT = v_message;
    END IF;
    SET o_id = @crud_found;
END
