-- event_person: public ids in place of every integer reference. id, account_id and event_id are internal.
CREATE OR REPLACE VIEW v_event_person AS
SELECT
    t.id,
    t.account_id,
    t.event_id,
    t.id_random,
    a.id_random AS account_id_random,
    r_event.id_random AS event_id_random,
    r_person.id_random AS person_id_random,
    t.given_name,
    t.family_name,
    t.name,
    t.email,
    t.organization,
    t.title,
    t.kind,
    t.bio,
    t.meta_json,
    t.enable,
    t.hide,
    t.sort,
    t.created_on,
    t.updated_on
FROM event_person AS t
INNER JOIN account AS a ON t.account_id = a.id
INNER JOIN event AS r_event ON t.event_id = r_event.id
LEFT JOIN person AS r_person ON t.person_id = r_person.id;
