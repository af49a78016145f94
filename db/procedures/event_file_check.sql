-- What an upload to an event refers to, resolved inside the caller's account: the event (404
-- naming event_id_random when the account has none with that id), and, when given, a session, a
-- presentation and a presenter of that same event (422 naming the field), and a purpose of the
-- account (file_purpose_checked). Each object found stays share-locked until the caller's
-- transaction ends. The upload action calls it before it stores a body, and event_file_upload
-- again inside its transaction.
CREATE OR REPLACE PROCEDURE event_file_check(
    IN p_account_id INT UNSIGNED,
    IN p_event_id_random LONGTEXT,
    IN p_event_session_id_random LONGTEXT,
    IN p_event_presentation_id_random LONGTEXT,
    IN p_event_presenter_id_random LONGTEXT,
    IN p_purpose LONGTEXT,
    OUT o_event_id INT UNSIGNED,
    OUT o_event_session_id INT UNSIGNED,
    OUT o_event_presentation_id INT UNSIGNED,
    OUT o_event_presenter_id INT UNSIGNED
)
MODIFIES SQL DATA
BEGIN
    SET o_event_session_id = NULL, o_event_presentation_id = NULL, o_event_presenter_id = NULL;
    CALL crud_resolve('event', p_account_id, p_event_id_random, NULL, 'event_id_random', 31404, 'share', o_event_id);
    IF p_event_session_id_random IS NOT NULL THEN
        CALL crud_resolve(
            'event_session', p_account_id, p_event_session_id_random, p_event_id_random,
            'event_session_id_random', 31422, 'share', o_event_session_id
        );
    END IF;
    IF p_event_presentation_id_random IS NOT NULL THEN
        CALL crud_resolve(
            'event_presentation', p_account_id, p_event_presentation_id_random, p_event_id_random,
            'event_presentation_id_random', 31422, 'share', o_event_presentation_id
        );
    END IF;
    IF p_event_presenter_id_random IS NOT NULL THEN
        CALL crud_resolve(
            'event_presenter', p_account_id, p_event_presenter_id_random, p_event_id_random,
            'event_presenter_id_random', 31422, 'share', o_event_presenter_id
        );
    END IF;
    DO file_purpose_checked(p_account_id, p_purpose);
END
