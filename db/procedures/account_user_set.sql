-- Gives a person a role in an account (or changes it). Answers the membership's id_random.
CREATE OR REPLACE PROCEDURE account_user_set(
    IN p_account_id_random CHAR(11),
    IN p_user_id_random CHAR(11),
    IN p_role VARCHAR(10)
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_account_id INT UNSIGNED;
    DECLARE v_user_id INT UNSIGNED;
    SELECT a.id INTO v_account_id FROM account AS a
    WHERE a.id_random = p_account_id_random;
    IF v_account_id IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'account: no account with this id';
    END IF;
    SELECT u.id INTO v_user_id FROM user AS u
    WHERE u.id_random = p_user_id_random;
    IF v_user_id IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'user: no user with this id';
    END IF;
    INSERT INTO account_user (account_id, user_id, role)
    VALUES (v_account_id, v_user_id, p_role)
    ON DUPLICATE KEY UPDATE role = VALUES (role);
    SELECT m.id_random FROM account_user AS m
    WHERE m.account_id = v_account_id AND m.user_id = v_user_id;
END
