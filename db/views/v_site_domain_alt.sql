-- site_domain, view=alt: what a front end needs to boot a site from its host name in one read
-- (the account's and the site's switches, the site's assets, the domain's access key).
-- Joined on public ids only.
CREATE OR REPLACE VIEW v_site_domain_alt AS
SELECT
    d.id,
    d.account_id,
    d.site_id,
    d.id_random,
    d.account_id_random,
    d.site_id_random,
    d.domain,
    d.access_key,
    d.is_primary,
    d.description,
    d.enable,
    d.hide,
    d.sort,
    d.created_on,
    d.updated_on,
    a.name AS account_name,
    a.code AS account_code,
    a.enable AS account_enable,
    a.enable_from AS account_enable_from,
    a.enable_to AS account_enable_to,
    s.enable_from AS site_enable_from,
    s.enable_to AS site_enable_to,
    d.access_key AS site_domain_access_key,
    s.logo_path,
    s.style_href,
    s.script_src,
    s.google_tracking_id
FROM v_site_domain AS d
INNER JOIN site AS s ON d.site_id_random = s.id_random
INNER JOIN account AS a ON d.account_id_random = a.id_random;
