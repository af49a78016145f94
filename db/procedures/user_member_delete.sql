-- CRUD delete for type `user`: ends the membership in this account, with this account's rows
-- about that person (for_type 'user'): contacts, addresses, data stores and lookup overrides.
-- The user stays, with their other accounts and those accounts' rows. All or nothing.
-- A new table with for_type/for_id columns must be added here too
-- (tests/sql/test_people_procedures.py fails until it is).
CREATE OR REPLACE PROCEDURE user_member_delete(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_id_random LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_user_id INT UNSIGNED;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        IF v_own THEN
            ROLLBACK;
        END IF;
        RESIGNAL;
    END;
    IF v_own THEN
        START TRANSACTION;
    END IF;
    CALL crud_type_check(p_type, p_parent_id_random);
    SET v_user_id = (
        SELECT m.user_id FROM account_user AS m
        INNER JOIN user AS u ON m.user_id = u.id
        WHERE m.account_id = p_account_id AND u.id_random = public_id(p_id_random)
    );
    IF v_user_id IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'user: no user with this id in your account';
    END IF;
    DELETE FROM contact
    WHERE account_id = p_account_id AND for_type = 'user' AND for_id = v_user_id;
    DELETE FROM address
    WHERE account_id = p_account_id AND for_type = 'user' AND for_id = v_user_id;
    DELETE FROM data_store
    WHERE account_id = p_account_id AND for_type = 'user' AND for_id = v_user_id;
    DELETE FROM lu_v3_country
    WHERE account_id = p_account_id AND for_type = 'user' AND for_id = v_user_id;
    DELETE FROM lu_v3_country_subdivision
    WHERE account_id = p_account_id AND for_type = 'user' AND for_id = v_user_id;
    DELETE FROM lu_v3_time_zone
    WHERE account_id = p_account_id AND for_type = 'user' AND for_id = v_user_id;
    DELETE FROM lu_post_topic
    WHERE account_id = p_account_id AND for_type = 'user' AND for_id = v_user_id;
    DELETE FROM lu_user_status
    WHERE account_id = p_account_id AND for_type = 'user' AND for_id = v_user_id;
    DELETE FROM lu_file_purpose
    WHERE account_id = p_account_id AND for_type = 'user' AND for_id = v_user_id;
    DELETE FROM account_user
    WHERE account_id = p_account_id AND user_id = v_user_id;
    IF v_own THEN
        COMMIT;
    END IF;
END
