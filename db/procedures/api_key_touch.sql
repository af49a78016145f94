-- Records that a key was used (the API calls it at most once a minute per key).
CREATE OR REPLACE PROCEDURE api_key_touch(IN p_id_random CHAR(11))
MODIFIES SQL DATA
BEGIN
    UPDATE api_key AS k SET k.last_used_on = CURRENT_TIMESTAMP(6)
    WHERE k.id_random = p_id_random;
END
