-- A site's cfg_json keeps its integration secrets when a client writes back the '********' it
-- read (cfg_keep_secrets).
CREATE OR REPLACE TRIGGER site_keep_secrets
BEFORE UPDATE ON site
FOR EACH ROW
BEGIN
    SET NEW.cfg_json = cfg_keep_secrets(OLD.cfg_json, NEW.cfg_json);
END
