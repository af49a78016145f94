-- event_session, view=alt: the session with its track and location names and, as compact
-- comma-separated lists of id_random, its presentations and their presenters. Joined on public
-- ids only.
CREATE OR REPLACE VIEW v_event_session_alt AS
SELECT
    v.id,
    v.account_id,
    v.event_id,
    v.id_random,
    v.account_id_random,
    v.event_id_random,
    v.event_track_id_random,
    v.event_location_id_random,
    v.name,
    v.code,
    v.description,
    v.session_type,
    v.meta_json,
    v.start_on,
    v.end_on,
    v.enable,
    v.hide,
    v.sort,
    v.created_on,
    v.updated_on,
    tr.name AS event_track_name,
    lo.name AS event_location_name,
    (
        SELECT GROUP_CONCAT(p.id_random ORDER BY p.sort, p.start_on, p.id_random SEPARATOR ',')
        FROM event_presentation AS p
        WHERE p.event_session_id = v.id
    ) AS event_presentation_li_qry_str,
    (
        SELECT GROUP_CONCAT(pr.id_random ORDER BY p.sort, pr.sort, pr.id_random SEPARATOR ',')
        FROM v_event_presenter AS pr
        INNER JOIN v_event_presentation AS p ON pr.event_presentation_id_random = p.id_random
        WHERE p.event_session_id_random = v.id_random
    ) AS event_presenter_li_qry_str
FROM v_event_session AS v
LEFT JOIN event_track AS tr ON v.event_track_id_random = tr.id_random
LEFT JOIN event_location AS lo ON v.event_location_id_random = lo.id_random;
