-- event_file_check for a caller that only wants to know: signals what is wrong with an upload's
-- references (404 event, 422 naming the field), or answers nothing. The upload action calls it
-- before it keeps any of the body.
CREATE OR REPLACE PROCEDURE event_file_upload_check(
    IN p_account_id INT UNSIGNED,
    IN p_event_id_random LONGTEXT,
    IN p_event_session_id_random LONGTEXT,
    IN p_event_presentation_id_random LONGTEXT,
    IN p_event_presenter_id_random LONGTEXT,
    IN p_purpose LONGTEXT
)
READS SQL DATA
BEGIN
    DECLARE v_event INT UNSIGNED;
    DECLARE v_session INT UNSIGNED;
    DECLARE v_presentation INT UNSIGNED;
    DECLARE v_presenter INT UNSIGNED;
    CALL event_file_check(
        p_account_id, p_event_id_random, p_event_session_id_random, p_event_presentation_id_random,
        p_event_presenter_id_random, p_purpose, v_event, v_session, v_presentation, v_presenter
    );
END
