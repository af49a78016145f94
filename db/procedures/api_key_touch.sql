-- Records that a key was used (the API calls it at most once a minute per key).
CREATE OR REPLACE PROCEDURE api_key_touch(IN p_id_random LONGTEXT)
MODIFIES SQL DATA
BEGIN
    UPDATE api_key AS k SET k.last_used_on = CURRENT_TIMESTAMP(6)
    WHERE k.id_random = public_id(p_id_random);
END
