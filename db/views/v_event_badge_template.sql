-- event_badge_template: public ids in place of every integer reference. id, account_id and event_id are internal.
CREATE OR REPLACE VIEW v_event_badge_template AS
SELECT
    t.id,
    t.account_id,
    t.event_id,
    t.id_random,
    a.id_random AS account_id_random,
    r_event.id_random AS event_id_random,
    t.name,
    t.code,
    t.description,
    t.width_mm,
    t.height_mm,
    t.layout_json,
    r_hosted_file.id_random AS hosted_file_id_random,
    t.enable,
    t.hide,
    t.sort,
    t.created_on,
    t.updated_on
FROM event_badge_template AS t
INNER JOIN account AS a ON t.account_id = a.id
INNER JOIN event AS r_event ON t.event_id = r_event.id
LEFT JOIN hosted_file AS r_hosted_file ON t.hosted_file_id = r_hosted_file.id;
