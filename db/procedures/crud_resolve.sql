-- The internal id of a registered type's object named by its id_random, inside one account
-- and, when p_parent_id_random is given and the type has a parent, inside that parent.
-- Signals p_errno (31404 for a URL, 31422 for a body field) naming p_field when there is none;
-- a text that cannot be an id_random is not looked up at all. Soft-deleted objects (and
-- children of soft-deleted parents) are not found.
-- The row found is locked until the caller's transaction ends: p_lock 'share' for an object a
-- write refers to (it cannot be deleted under the write), 'update' for the object a write
-- changes or deletes, 'deleted' for one being restored (found even when soft-deleted itself).
-- The lock is taken on the table row, after the view found it, so a row deleted in between is
-- not found.
CREATE OR REPLACE PROCEDURE crud_resolve(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_id_random LONGTEXT,
    IN p_parent_id_random LONGTEXT,
    IN p_field VARCHAR(64),
    IN p_errno SMALLINT UNSIGNED,
    IN p_lock VARCHAR(10),
    OUT o_id INT UNSIGNED
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_view VARCHAR(64);
    DECLARE v_table VARCHAR(64);
    DECLARE v_parent VARCHAR(64);
    DECLARE v_in_parent TINYINT;
    DECLARE v_found LONGTEXT;
    DECLARE v_message VARCHAR(512);
    SET o_id = NULL;
    SELECT
        t.view_name,
        t.table_name,
        t.parent_name
    INTO v_view, v_table, v_parent
    FROM crud_type AS t
    WHERE t.name = p_type;
    SET v_in_parent = p_parent_id_random IS NOT NULL AND v_parent IS NOT NULL;
    IF
        v_view IS NOT NULL AND p_account_id IS NOT NULL AND public_id(p_id_random) IS NOT NULL
        AND (NOT v_in_parent OR public_id(p_parent_id_random) IS NOT NULL)
    THEN
        CALL crud_value(CONCAT(
            'SELECT MAX(v.id) INTO @crud_value FROM `', v_view, '` AS v WHERE v.id_random = ? AND v.account_id = ',
            p_account_id, IF(v_in_parent, CONCAT(' AND v.`', v_parent, '_id_random` = ?'), '')
        ), p_id_random, p_parent_id_random, NULL, v_found);
    END IF;
    IF v_found IS NOT NULL THEN
        CALL crud_value(CONCAT(
            'SELECT v.id INTO @crud_value FROM `', v_table, '` AS v WHERE v.id = ', v_found,
            crud_alive_sql(p_type, 'v', p_lock <> 'deleted'), IF(p_lock = 'share', ' LOCK IN SHARE MODE', ' FOR UPDATE')
        ), NULL, NULL, NULL, v_found);
    END IF;
    IF v_found IS NULL THEN
        SET v_message = CONCAT(
            p_field, ': no ', p_type, ' with this id',
            IF(v_in_parent, CONCAT(' in this ', v_parent), ''), ' in your account'
        );
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = p_errno, MESSAGE_TEXT = v_message;
    END IF;
    SET o_id = v_found;
END
