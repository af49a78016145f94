-- lookup_override_write for one group, answering the group's entry exactly as lookup_list shows
-- it where the override applies (the account, or the object the body names), hidden or disabled
-- included: read back inside the caller's account in the same transaction (the caller's, if any).
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
    CALL lookup_select(
        p_type, p_account_id, crud_scalar(p_body, 'for_type'), crud_scalar(p_body, 'for_id_random'), 1, 1,
        ' AND w.`group` = lu_in.q COLLATE utf8mb4_unicode_ci', NULL, 1, p_group, NULL
    );
    IF v_own THEN
        COMMIT;
    END IF;
END
