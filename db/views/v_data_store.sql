-- data_store: public ids in place of every integer reference. id and account_id are internal.
CREATE OR REPLACE VIEW v_data_store AS
SELECT
    t.id,
    t.account_id,
    t.id_random,
    a.id_random AS account_id_random,
    t.for_type,
    t.code,
    t.name,
    t.description,
    t.data_json,
    t.enable,
    t.hide,
    t.sort,
    t.created_on,
    t.updated_on,
    COALESCE(
        f_account.id_random,
        f_site.id_random,
        f_user.id_random,
        f_person.id_random,
        f_page.id_random,
        f_post.id_random,
        f_journal.id_random,
        f_event.id_random,
        f_event_person.id_random,
        f_event_location.id_random,
        f_event_session.id_random,
        f_event_presentation.id_random
    ) AS for_id_random
FROM data_store AS t
INNER JOIN account AS a ON t.account_id = a.id
LEFT JOIN account AS f_account ON t.for_type = 'account' AND t.for_id = f_account.id
LEFT JOIN site AS f_site ON t.for_type = 'site' AND t.for_id = f_site.id
LEFT JOIN user AS f_user ON t.for_type = 'user' AND t.for_id = f_user.id
LEFT JOIN person AS f_person ON t.for_type = 'person' AND t.for_id = f_person.id
LEFT JOIN page AS f_page ON t.for_type = 'page' AND t.for_id = f_page.id
LEFT JOIN post AS f_post ON t.for_type = 'post' AND t.for_id = f_post.id
LEFT JOIN journal AS f_journal ON t.for_type = 'journal' AND t.for_id = f_journal.id
LEFT JOIN event AS f_event ON t.for_type = 'event' AND t.for_id = f_event.id
LEFT JOIN event_person AS f_event_person ON t.for_type = 'event_person' AND t.for_id = f_event_person.id
LEFT JOIN event_location AS f_event_location ON t.for_type = 'event_location' AND t.for_id = f_event_location.id
LEFT JOIN event_session AS f_event_session ON t.for_type = 'event_session' AND t.for_id = f_event_session.id
LEFT JOIN
    event_presentation AS f_event_presentation
    ON t.for_type = 'event_presentation' AND t.for_id = f_event_presentation.id;
