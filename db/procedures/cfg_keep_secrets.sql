-- The cfg_json to store when p_new replaces p_old: a secret written back as the '********'
-- clients read (cfg_public) keeps its stored value (or is left out when there was none).
CREATE OR REPLACE FUNCTION cfg_keep_secrets(p_old LONGTEXT, p_new LONGTEXT)
RETURNS LONGTEXT
DETERMINISTIC
NO SQL
BEGIN
    DECLARE v_keys VARCHAR(500) DEFAULT cfg_secret_keys();
    DECLARE v_i INT DEFAULT 1;
    DECLARE v_path VARCHAR(200);
    IF p_new IS NULL OR JSON_TYPE(p_new) <> 'OBJECT' THEN
        RETURN p_new;
    END IF;
    WHILE v_i <= 1 + CHAR_LENGTH(v_keys) - CHAR_LENGTH(REPLACE(v_keys, ',', '')) DO
        SET v_path = CONCAT('$.', SUBSTRING_INDEX(SUBSTRING_INDEX(v_keys, ',', v_i), ',', -1));
        IF JSON_VALUE(p_new, v_path) <=> '********' THEN
            SET p_new = IF(
                JSON_EXISTS(p_old, v_path),
                JSON_SET(p_new, v_path, JSON_EXTRACT(p_old, v_path)),
                JSON_REMOVE(p_new, v_path)
            );
        END IF;
        SET v_i = v_i + 1;
    END WHILE;
    RETURN p_new;
END
