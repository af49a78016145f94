-- Removes the override of one group (the account's, or one object's when p_for_type and
-- p_for_id_random are given), so the group falls back to the next level. 404 when there is none.
CREATE OR REPLACE PROCEDURE lookup_override_delete(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_group LONGTEXT,
    IN p_for_type LONGTEXT,
    IN p_for_id_random LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_table VARCHAR(64);
    DECLARE v_for_id INT UNSIGNED;
    DECLARE v_found LONGTEXT;
    DECLARE v_where LONGTEXT;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        IF v_own THEN
            ROLLBACK;
        END IF;
        RESIGNAL;
    END;
    CALL lookup_type_check(p_type);
    SET v_table = (
        SELECT t.table_name FROM lu_type AS t
        WHERE t.name = p_type
    );
    IF v_own THEN
        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
    END IF;
    CALL lookup_object(p_account_id, p_for_type, p_for_id_random, 31404, v_for_id);
    SET v_where = CONCAT(
        ' FROM `', v_table, '` WHERE account_id = ', p_account_id,
        ' AND scope = ? AND `group` = ? COLLATE utf8mb4_unicode_ci'
    );
    CALL crud_value(
        CONCAT('SELECT COUNT(*) INTO @crud_value', v_where), lookup_scope(p_account_id, p_for_type, v_for_id),
        p_group, NULL, v_found
    );
    IF v_found = 0 THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'group: no override of this group at this level';
    END IF;
    CALL crud_execute(
        CONCAT('DELETE', v_where), lookup_scope(p_account_id, p_for_type, v_for_id), p_group, NULL
    );
    IF v_own THEN
        COMMIT;
    END IF;
END
