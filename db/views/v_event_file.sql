-- event_file: public ids in place of every integer reference, and what a client needs to fetch
-- the bytes (the hosted_file's hash, size, type and name). id, account_id and event_id are internal.
CREATE OR REPLACE VIEW v_event_file AS
SELECT
    t.id,
    t.account_id,
    t.event_id,
    t.id_random,
    a.id_random AS account_id_random,
    r_event.id_random AS event_id_random,
    h.id_random AS hosted_file_id_random,
    r_event_session.id_random AS event_session_id_random,
    r_event_presentation.id_random AS event_presentation_id_random,
    r_event_presenter.id_random AS event_presenter_id_random,
    h.hash_sha256,
    h.size_bytes,
    h.mime_type,
    h.filename,
    t.name,
    t.description,
    t.purpose,
    t.enable,
    t.hide,
    t.sort,
    t.created_on,
    t.updated_on
FROM event_file AS t
INNER JOIN account AS a ON t.account_id = a.id
INNER JOIN event AS r_event ON t.event_id = r_event.id
INNER JOIN hosted_file AS h ON t.hosted_file_id = h.id
LEFT JOIN event_session AS r_event_session ON t.event_session_id = r_event_session.id
LEFT JOIN event_presentation AS r_event_presentation ON t.event_presentation_id = r_event_presentation.id
LEFT JOIN event_presenter AS r_event_presenter ON t.event_presenter_id = r_event_presenter.id;
