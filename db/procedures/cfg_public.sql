-- A cfg_json as clients read it: the integration secrets it holds (cfg_secret_keys) show as
-- '********'. The integrations read the table itself; a client that writes '********' back
-- keeps the stored secret (cfg_keep_secrets).
CREATE OR REPLACE FUNCTION cfg_public(p_cfg LONGTEXT)
RETURNS LONGTEXT
DETERMINISTIC
NO SQL
BEGIN
    DECLARE v_keys VARCHAR(500) DEFAULT cfg_secret_keys();
    DECLARE v_i INT DEFAULT 1;
    DECLARE v_path VARCHAR(200);
    IF p_cfg IS NULL OR JSON_TYPE(p_cfg) <> 'OBJECT' THEN
        RETURN p_cfg;
    END IF;
    WHILE v_i <= 1 + CHAR_LENGTH(v_keys) - CHAR_LENGTH(REPLACE(v_keys, ',', '')) DO
        SET v_path = CONCAT('$.', SUBSTRING_INDEX(SUBSTRING_INDEX(v_keys, ',', v_i), ',', -1));
        IF JSON_EXISTS(p_cfg, v_path) THEN
            SET p_cfg = JSON_SET(p_cfg, v_path, '********');
        END IF;
        SET v_i = v_i + 1;
    END WHILE;
    RETURN p_cfg;
END
