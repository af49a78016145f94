-- States, provinces, regions: group is the ISO 3166-2 code; country_code its country. Public ids
-- only; for_type names the object of an object override.
CREATE OR REPLACE VIEW v_lu_v3_country_subdivision AS
SELECT
    l.id_random,
    a.id_random AS account_id_random,
    l.for_type,
    l.`group`,
    l.name,
    l.description,
    l.country_code,
    l.subdivision_type,
    l.enable,
    l.hide,
    l.sort,
    l.created_on,
    l.updated_on
FROM lu_v3_country_subdivision AS l
LEFT JOIN account AS a ON l.account_id = a.id;
