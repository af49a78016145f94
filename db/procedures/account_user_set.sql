-- Gives a person a role in an account (or changes it). Answers the membership's id_random.
CREATE OR REPLACE PROCEDURE account_user_set(
    IN p_account_id_random CHAR(11),
    IN p_user_id_random CHAR(11),
    IN p_role VARCHAR(10)
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_account_id INT UNSIGNED DEFAULT account_id_of(p_account_id_random);
    DECLARE v_user_id INT UNSIGNED DEFAULT user_id_of(p_user_id_random);
    INSERT INTO account_user (account_id, user_id, role)
    VALUES (v_account_id, v_user_id, p_role)
    ON DUPLICATE KEY UPDATE role = VALUES (role);
    SELECT m.id_random FROM account_user AS m
    WHERE m.account_id = v_account_id AND m.user_id = v_user_id;
END
