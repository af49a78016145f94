-- CRUD create for type `user`: makes the person named by `email` a member of the account with
-- `role` (default read), creating the user when the email is new (`name` applies only then).
-- 409 when they are already a member. The procedure signature is crud_insert's.
-- All or nothing: one transaction (the caller's, if any), so a refused membership leaves no new
-- user behind.
CREATE OR REPLACE PROCEDURE user_member_insert(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_body LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_email LONGTEXT;
    DECLARE v_role LONGTEXT;
    DECLARE v_user_id INT UNSIGNED;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        IF v_own THEN
            ROLLBACK;
        END IF;
        RESIGNAL;
    END;
    CALL crud_type_check(p_type, p_parent_id_random);
    CALL user_member_body_check(p_body, 'email,name,role');
    SET v_email = LOWER(TRIM(crud_scalar(p_body, 'email')));
    SET v_role = COALESCE(crud_scalar(p_body, 'role'), 'read');
    IF v_email IS NULL OR v_email NOT LIKE '_%@_%' THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'email: must be an email address';
    END IF;
    IF v_own THEN
        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
    END IF;
    INSERT INTO user (email, name) VALUES (v_email, crud_scalar(p_body, 'name'))
    ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id);
    SET v_user_id = LAST_INSERT_ID();
    INSERT INTO account_user (account_id, user_id, role) VALUES (p_account_id, v_user_id, v_role);
    CALL crud_row(p_type, p_account_id, v_user_id);
    IF v_own THEN
        COMMIT;
    END IF;
END
