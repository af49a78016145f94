-- A event's cfg_json keeps its integration secrets when a client writes back the '********' it
-- read (cfg_keep_secrets).
CREATE OR REPLACE TRIGGER event_keep_secrets
BEFORE UPDATE ON event
FOR EACH ROW
BEGIN
    SET NEW.cfg_json = cfg_keep_secrets(OLD.cfg_json, NEW.cfg_json);
END
