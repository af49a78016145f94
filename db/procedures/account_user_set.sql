-- Gives a person a role in an account (or changes it): `aether create-user`, seed-demo, tests.
-- People join through the API only by accepting an invitation. Answers the membership's id_random.
CREATE OR REPLACE PROCEDURE account_user_set(
    IN p_account_id_random LONGTEXT,
    IN p_user_id_random LONGTEXT,
    IN p_role LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_account_id INT UNSIGNED;
    DECLARE v_user_id INT UNSIGNED;
    DECLARE v_role VARCHAR(5) CHARACTER SET ascii COLLATE ascii_bin;
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
    SET v_account_id = (
        SELECT a.id FROM account AS a
        WHERE a.id_random = public_id(p_account_id_random)
    );
    IF v_account_id IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'account: no account with this id';
    END IF;
    SET v_user_id = user_id_of(p_user_id_random);
    SET v_role = user_role_checked(p_role);
    INSERT INTO account_user (account_id, user_id, role)
    VALUES (v_account_id, v_user_id, v_role)
    ON DUPLICATE KEY UPDATE role = VALUES (role);
    SELECT m.id_random FROM account_user AS m
    WHERE m.account_id = v_account_id AND m.user_id = v_user_id;
    IF v_own THEN
        COMMIT;
    END IF;
END
