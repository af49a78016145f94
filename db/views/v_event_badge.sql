-- event_badge: public ids in place of every integer reference. id, account_id and event_id are internal.
CREATE OR REPLACE VIEW v_event_badge AS
SELECT
    t.id,
    t.account_id,
    t.event_id,
    t.id_random,
    a.id_random AS account_id_random,
    r_event.id_random AS event_id_random,
    r_event_registration.id_random AS event_registration_id_random,
    r_event_badge_template.id_random AS event_badge_template_id_random,
    t.name,
    t.print_count,
    t.printed_on,
    t.data_json,
    t.enable,
    t.hide,
    t.sort,
    t.created_on,
    t.updated_on
FROM event_badge AS t
INNER JOIN account AS a ON t.account_id = a.id
INNER JOIN event AS r_event ON t.event_id = r_event.id
LEFT JOIN event_registration AS r_event_registration ON t.event_registration_id = r_event_registration.id
LEFT JOIN event_badge_template AS r_event_badge_template ON t.event_badge_template_id = r_event_badge_template.id;
