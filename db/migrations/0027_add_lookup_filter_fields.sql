-- lu_type.filter_fields: the extra fields a lookup list can be filtered by, declared per type
-- (GET /v3/lookup/country_subdivision/?country_code=FR). Each is one of the type's extra_fields;
-- lookup_list refuses any other.
ALTER TABLE lu_type ADD COLUMN IF NOT EXISTS filter_fields VARCHAR(500) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
DEFAULT '';

UPDATE lu_type SET filter_fields = 'country_code,subdivision_type'
WHERE name = 'country_subdivision';
UPDATE lu_type SET filter_fields = 'country_code'
WHERE name = 'time_zone';
