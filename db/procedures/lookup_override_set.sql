-- lookup_override_write for one group, answering the override as its view shows it, read back
-- inside the caller's account in the same transaction (the caller's, if any).
CREATE OR REPLACE PROCEDURE lookup_override_set(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_group LONGTEXT,
    IN p_body LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_id INT UNSIGNED;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        IF v_own THEN
            ROLLBACK;
        END IF;
        RESIGNAL;
    END;
    IF v_own THEN
        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
    END IF;
    CALL lookup_override_write(p_type, p_account_id, p_group, p_body, v_id);
    IF v_id IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31409, MESSAGE_TEXT = 'group: changed by another request at the same time; try again';
    END IF;
    CALL crud_execute(CONCAT(
        'SELECT v.* FROM `', (
            SELECT t.view_name FROM lu_type AS t
            WHERE t.name = p_type
        ), '` AS v INNER JOIN `', (
            SELECT t.table_name FROM lu_type AS t
            WHERE t.name = p_type
        ), '` AS l ON l.id_random = v.id_random WHERE l.id = ', v_id, ' AND l.account_id = ', p_account_id
    ), NULL, NULL, NULL);
    IF v_own THEN
        COMMIT;
    END IF;
END
