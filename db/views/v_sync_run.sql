-- sync_run: public ids in place of every integer reference. id and account_id are internal.
CREATE OR REPLACE VIEW v_sync_run AS
SELECT
    t.id,
    t.account_id,
    t.id_random,
    a.id_random AS account_id_random,
    r_site.id_random AS site_id_random,
    t.kind,
    t.dry_run,
    t.status,
    t.report_json,
    t.error,
    t.started_on,
    t.finished_on,
    t.created_on,
    t.updated_on
FROM sync_run AS t
INNER JOIN account AS a ON t.account_id = a.id
LEFT JOIN site AS r_site ON t.site_id = r_site.id;
