-- Removes the override of one group (the account's, or one object's when p_for_type and
-- p_for_id_random are given), so the group falls back to the next level. 404 when there is none.
CREATE OR REPLACE PROCEDURE lookup_override_delete(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_group LONGTEXT,
    IN p_for_type VARCHAR(64),
    IN p_for_id_random LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_table VARCHAR(64);
    DECLARE v_for_id INT UNSIGNED;
    DECLARE v_where LONGTEXT;
    CALL lookup_type_check(p_type);
    SET v_table = (
        SELECT t.table_name FROM lu_type AS t
        WHERE t.name = p_type
    );
    CALL lookup_object(p_account_id, p_for_type, p_for_id_random, 31404, v_for_id);
    SET @lu_group = p_group;
    SET v_where = CONCAT(
        ' FROM `', v_table, '` WHERE scope = ''', lookup_scope(p_account_id, p_for_type, v_for_id),
        ''' AND `group` = @lu_group COLLATE utf8mb4_unicode_ci'
    );
    CALL crud_execute(CONCAT('SELECT COUNT(*) INTO @lu_found', v_where), 0);
    IF @lu_found = 0 THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'group: no override of this group at this level';
    END IF;
    CALL crud_execute(CONCAT('DELETE', v_where), 0);
END
