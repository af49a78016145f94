CREATE OR REPLACE VIEW v_site AS
SELECT
    s.id,
    s.account_id,
    s.id_random,
    a.id_random AS account_id_random,
    s.name,
    s.code,
    s.description,
    s.cfg_json,
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
