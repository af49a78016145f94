-- Topics of CMS posts. Public ids only; for_type names the object of an object override.
CREATE OR REPLACE VIEW v_lu_post_topic AS
SELECT
    l.id_random,
    a.id_random AS account_id_random,
    l.for_type,
    l.`group`,
    l.name,
    l.description,
    l.enable,
    l.hide,
    l.sort,
    l.created_on,
    l.updated_on
FROM lu_post_topic AS l
LEFT JOIN account AS a ON l.account_id = a.id;
