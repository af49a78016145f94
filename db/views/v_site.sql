CREATE OR REPLACE VIEW v_site AS
-- cfg_json keeps its place in the answer; cfg_public masks its secrets.
SELECT -- noqa: ST06
    s.id,
    s.account_id,
    s.id_random,
    a.id_random AS account_id_random,
    s.name,
    s.code,
    s.description,
    cfg_public(s.cfg_json) AS cfg_json,
    s.logo_path,
    s.style_href,
    s.script_src,
    s.google_tracking_id,
    s.enable,
    s.enable_from,
    s.enable_to,
    s.sort,
    s.created_on,
    s.updated_on
FROM site AS s
INNER JOIN account AS a ON s.account_id = a.id;
