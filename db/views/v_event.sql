-- event: public ids in place of every integer reference. id and account_id are internal.
CREATE OR REPLACE VIEW v_event AS
-- cfg_json keeps its place in the answer; cfg_public masks its secrets.
SELECT -- noqa: ST06
    t.id,
    t.account_id,
    t.id_random,
    a.id_random AS account_id_random,
    r_site.id_random AS site_id_random,
    t.name,
    t.code,
    t.description,
    t.time_zone,
    t.venue_name,
    cfg_public(t.cfg_json) AS cfg_json,
    t.start_on,
    t.end_on,
    t.enable,
    t.hide,
    t.sort,
    t.created_on,
    t.updated_on
FROM event AS t
INNER JOIN account AS a ON t.account_id = a.id
LEFT JOIN site AS r_site ON t.site_id = r_site.id;
