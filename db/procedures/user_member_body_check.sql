-- Refuses a `user` write body with a field outside p_allowed (comma-separated), or with a role
-- that is not one of the words of account_user.role.
CREATE OR REPLACE PROCEDURE user_member_body_check(IN p_body LONGTEXT, IN p_allowed VARCHAR(200))
READS SQL DATA
BEGIN
    DECLARE v_keys LONGTEXT;
    DECLARE v_key LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    DECLARE v_i INT DEFAULT 0;
    DECLARE v_message VARCHAR(512);
    CALL crud_body_check(p_body);
    SET v_keys = JSON_KEYS(p_body);
    WHILE v_i < JSON_LENGTH(v_keys) DO
        SET v_key = JSON_VALUE(v_keys, CONCAT('$[', v_i, ']'));
        SET v_i = v_i + 1;
        IF v_key IN ('email', 'name') AND FIND_IN_SET(v_key, p_allowed) = 0 THEN
            SET v_message = CONCAT(v_key, ': belongs to the user in every account; it cannot be changed here');
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = v_message;
        ELSEIF FIND_IN_SET(v_key, p_allowed) = 0 THEN
            CALL crud_refuse_field('user', v_key);
        ELSEIF v_key = 'role' THEN
            CALL crud_check_value(NULL, p_body, 'role', (
                SELECT c.column_type FROM information_schema.columns AS c
                WHERE c.table_schema = DATABASE() AND c.table_name = 'account_user' AND c.column_name = 'role'
            ), NULL);
        END IF;
    END WHILE;
END
