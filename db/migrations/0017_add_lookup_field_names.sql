-- lu_type.field_name: the field of object types whose value must be a group of this lookup
-- (an event's time_zone, an address's country_code). The write procedures refuse other values.
ALTER TABLE lu_type ADD COLUMN IF NOT EXISTS field_name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL;

UPDATE lu_type SET field_name = 'time_zone'
WHERE name = 'time_zone';
UPDATE lu_type SET field_name = 'country_code'
WHERE name = 'country';
