-- The cfg_json keys that hold integration secrets: never shown to clients (cfg_public).
CREATE OR REPLACE FUNCTION cfg_secret_keys()
RETURNS VARCHAR(500)
DETERMINISTIC
NO SQL
BEGIN
    RETURN 'novi_idaa_api_key,mailman_password,zoom_client_secret';
END
