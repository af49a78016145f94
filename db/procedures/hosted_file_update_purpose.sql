-- A hosted_file's purpose is one of the account's file purposes (file_purpose_checked), however it is written.
CREATE OR REPLACE TRIGGER hosted_file_update_purpose
BEFORE UPDATE ON hosted_file
FOR EACH ROW
BEGIN
    IF NOT (NEW.purpose <=> OLD.purpose) THEN
        SET NEW.purpose = file_purpose_checked(NEW.account_id, NEW.purpose);
    END IF;
END
