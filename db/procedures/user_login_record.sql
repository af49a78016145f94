-- Records a successful login.
CREATE OR REPLACE PROCEDURE user_login_record(IN p_user_id_random LONGTEXT)
MODIFIES SQL DATA
BEGIN
    UPDATE user AS u SET u.last_login_on = CURRENT_TIMESTAMP(6)
    WHERE u.id_random = public_id(p_user_id_random);
END
