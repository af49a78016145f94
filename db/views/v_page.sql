-- page: public ids in place of every integer reference. id and account_id are internal.
CREATE OR REPLACE VIEW v_page AS
SELECT
    t.id,
    t.account_id,
    t.id_random,
    a.id_random AS account_id_random,
    r_site.id_random AS site_id_random,
    t.name,
    t.code,
    t.summary,
    t.content,
    t.content_format,
    t.publish_on,
    t.meta_json,
    t.enable,
    t.hide,
    t.sort,
    t.created_on,
    t.updated_on
FROM page AS t
INNER JOIN account AS a ON t.account_id = a.id
LEFT JOIN site AS r_site ON t.site_id = r_site.id;
