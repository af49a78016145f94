-- The rows of one upload to an event, all or nothing: a hosted_file for the stored blob
-- (p_hash_sha256, p_size_bytes, p_mime_type, p_filename) and an event_file showing it in the
-- event, tied to the session, presentation and presenter given (event_file_check resolves each
-- inside the caller's account and that event). p_name and p_purpose describe both. Answers the
-- id_random of both rows. The API stores the blob first and calls this inside its own
-- transaction, so it knows whether the rows were committed; called alone, it owns one.
CREATE OR REPLACE PROCEDURE event_file_upload(
    IN p_account_id INT UNSIGNED,
    IN p_event_id_random LONGTEXT,
    IN p_event_session_id_random LONGTEXT,
    IN p_event_presentation_id_random LONGTEXT,
    IN p_event_presenter_id_random LONGTEXT,
    IN p_purpose LONGTEXT,
    IN p_name LONGTEXT,
    IN p_hash_sha256 LONGTEXT,
    IN p_size_bytes BIGINT UNSIGNED,
    IN p_mime_type LONGTEXT,
    IN p_filename LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_event INT UNSIGNED;
    DECLARE v_session INT UNSIGNED;
    DECLARE v_presentation INT UNSIGNED;
    DECLARE v_presenter INT UNSIGNED;
    DECLARE v_hosted_file INT UNSIGNED;
    DECLARE v_event_file INT UNSIGNED;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        IF v_own THEN
            ROLLBACK;
        END IF;
        RESIGNAL;
    END;
    IF v_own THEN
        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
    END IF;
    CALL event_file_check(
        p_account_id, p_event_id_random, p_event_session_id_random, p_event_presentation_id_random,
        p_event_presenter_id_random, p_purpose, v_event, v_session, v_presentation, v_presenter
    );
    INSERT INTO hosted_file (account_id, hash_sha256, size_bytes, mime_type, filename, name, purpose)
    VALUES (p_account_id, p_hash_sha256, p_size_bytes, p_mime_type, p_filename, p_name, p_purpose);
    SET v_hosted_file = LAST_INSERT_ID();
    INSERT INTO event_file (
        account_id, event_id, hosted_file_id, event_session_id, event_presentation_id, event_presenter_id,
        name, purpose
    )
    VALUES (p_account_id, v_event, v_hosted_file, v_session, v_presentation, v_presenter, p_name, p_purpose);
    SET v_event_file = LAST_INSERT_ID();
    SELECT
        h.id_random AS hosted_file_id_random,
        e.id_random AS event_file_id_random
    FROM hosted_file AS h
    INNER JOIN event_file AS e ON h.id = e.hosted_file_id
    WHERE h.id = v_hosted_file AND e.id = v_event_file;
    IF v_own THEN
        COMMIT;
    END IF;
END
