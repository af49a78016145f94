-- event_registration: public ids in place of every integer reference. id, account_id and event_id are internal.
CREATE OR REPLACE VIEW v_event_registration AS
SELECT
    t.id,
    t.account_id,
    t.event_id,
    t.id_random,
    a.id_random AS account_id_random,
    r_event.id_random AS event_id_random,
    r_event_person.id_random AS event_person_id_random,
    t.code,
    t.status,
    t.registered_on,
    t.checked_in_on,
    t.external_source,
    t.external_id,
    t.meta_json,
    t.enable,
    t.hide,
    t.sort,
    t.created_on,
    t.updated_on
FROM event_registration AS t
INNER JOIN account AS a ON t.account_id = a.id
INNER JOIN event AS r_event ON t.event_id = r_event.id
LEFT JOIN event_person AS r_event_person ON t.event_person_id = r_event_person.id;
