-- A event_file's purpose is one of the account's file purposes (file_purpose_checked), however it is written.
CREATE OR REPLACE TRIGGER event_file_insert_purpose
BEFORE INSERT ON event_file
FOR EACH ROW
BEGIN
    IF NEW.purpose IS NOT NULL THEN
        SET NEW.purpose = file_purpose_checked(NEW.account_id, NEW.purpose);
    END IF;
END
