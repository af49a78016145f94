-- IANA time zones: group is the zone name; utc_offset as of the last seed-lookups. Public ids only;
-- for_type names the object of an object override.
CREATE OR REPLACE VIEW v_lu_v3_time_zone AS
SELECT
    l.id_random,
    a.id_random AS account_id_random,
    l.for_type,
    l.`group`,
    l.name,
    l.description,
    l.utc_offset,
    l.utc_offset_minutes,
    l.country_code,
    l.enable,
    l.hide,
    l.sort,
    l.created_on,
    l.updated_on
FROM lu_v3_time_zone AS l
LEFT JOIN account AS a ON l.account_id = a.id;
