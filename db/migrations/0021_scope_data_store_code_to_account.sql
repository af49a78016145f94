-- A data store's code is unique per owner inside one account. Keyed on (for_type, for_id, code)
-- alone, two accounts that hold data about the same person (a user is shared by the accounts
-- they belong to) collided, and the second account's 409 named the first account's object.
ALTER TABLE data_store
DROP INDEX IF EXISTS uq_data_store_for_type_for_code,
ADD UNIQUE KEY IF NOT EXISTS uq_data_store_account_for_code (account_id, for_type, for_id, code);
