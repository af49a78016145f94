-- site_domain: public ids in place of every integer reference. id, account_id and site_id are internal.
CREATE OR REPLACE VIEW v_site_domain AS
SELECT
    t.id,
    t.account_id,
    t.site_id,
    t.id_random,
    a.id_random AS account_id_random,
    r_site.id_random AS site_id_random,
    t.domain,
    t.access_key,
    t.is_primary,
    t.description,
    t.enable,
    t.hide,
    t.sort,
    t.created_on,
    t.updated_on
FROM site_domain AS t
INNER JOIN account AS a ON t.account_id = a.id
INNER JOIN site AS r_site ON t.site_id = r_site.id;
