-- A data_store code is unique per object inside one account. Keyed on the object alone, a person
-- who belongs to two accounts (a user) shared one set of codes, so one tenant's create could
-- collide with, and be told the id of, another tenant's data store.
ALTER TABLE data_store
DROP INDEX IF EXISTS uq_data_store_for_type_for_code,
ADD UNIQUE KEY IF NOT EXISTS uq_data_store_account_for_code (account_id, for_type, for_id, code);
