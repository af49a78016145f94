-- One registration of an event as an outside service knows it (p_source 'zoom', p_external_id
-- the Zoom ticket id), made or brought up to date inside the account's event p_event_id:
-- - the registration is the one with that (event, source, external id), else a new one;
-- - its event_person is the registration's own when the email still matches, else the
--   event's person with that email (case-insensitive; the lowest id if several), else a new
--   one; p_email NULL keeps the registration's person (a new registration needs an email);
-- - the person takes the ticket's names (p_name, else p_given_name and p_family_name; a NULL
--   or blank one keeps what is there; a new person without any is named by the email);
-- - p_status 'active' makes the registration confirmed, 'cancelled' cancelled; a checked_in
--   registration stays checked_in. p_registered_on NULL keeps the registration's time.
-- Answers one row: outcome ('added', 'changed' or 'unchanged') and the registration's
-- id_random. p_dry_run 1 writes nothing and answers what it would do (id_random NULL for an
-- added registration). The event row is locked for update, so two syncs of one event take
-- turns and never add the same ticket or email twice. Owns its transaction unless the caller
-- has one.
CREATE OR REPLACE PROCEDURE event_registration_sync(
    IN p_account_id INT UNSIGNED,
    IN p_event_id INT UNSIGNED,
    IN p_source LONGTEXT,
    IN p_external_id LONGTEXT,
    IN p_email LONGTEXT,
    IN p_name LONGTEXT,
    IN p_given_name LONGTEXT,
    IN p_family_name LONGTEXT,
    IN p_status LONGTEXT,
    IN p_registered_on DATETIME,
    IN p_dry_run TINYINT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_dry_run TINYINT DEFAULT COALESCE(p_dry_run, 0) <> 0;
    DECLARE v_source VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin;
    DECLARE v_external_id VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin;
    DECLARE v_email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    DECLARE v_name LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    DECLARE v_given LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    DECLARE v_family LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    DECLARE v_old_name LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    DECLARE v_old_given LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    DECLARE v_old_family LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    DECLARE v_event INT UNSIGNED;
    DECLARE v_registration INT UNSIGNED;
    DECLARE v_old_person INT UNSIGNED;
    DECLARE v_old_status VARCHAR(10);
    DECLARE v_old_registered_on DATETIME;
    DECLARE v_person INT UNSIGNED;
    DECLARE v_new_person TINYINT DEFAULT 0;
    DECLARE v_renamed TINYINT DEFAULT 0;
    DECLARE v_status VARCHAR(10);
    DECLARE v_outcome VARCHAR(10) DEFAULT 'unchanged';
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

    -- The input, refused before any table meets it.
    IF
        p_source IS NULL OR OCTET_LENGTH(p_source) <> CHAR_LENGTH(p_source)
        OR NOT CONVERT(p_source USING ascii) COLLATE ascii_bin REGEXP '^[a-z0-9_]{1,32}$'
    THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422,
            MESSAGE_TEXT = 'external_source: must be 1 to 32 characters of a-z, 0-9 and _';
    END IF;
    SET v_source = CONVERT(p_source USING ascii);
    IF
        p_external_id IS NULL OR OCTET_LENGTH(p_external_id) <> CHAR_LENGTH(p_external_id)
        OR NOT CONVERT(p_external_id USING ascii) COLLATE ascii_bin REGEXP '^[!-~]{1,100}$'
    THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422,
            MESSAGE_TEXT = 'external_id: must be 1 to 100 ASCII characters without spaces';
    END IF;
    SET v_external_id = CONVERT(p_external_id USING ascii);
    IF p_status IS NULL OR BINARY p_status NOT IN ('active', 'cancelled') THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'status: must be active or cancelled';
    END IF;
    IF p_email IS NOT NULL THEN
        SET v_email = user_email_checked(p_email);
    END IF;
    SET v_given = NULLIF(TRIM(p_given_name), '');
    SET v_family = NULLIF(TRIM(p_family_name), '');
    SET v_name = COALESCE(NULLIF(TRIM(p_name), ''), NULLIF(CONCAT_WS(' ', v_given, v_family), ''));

    SELECT e.id INTO v_event FROM event AS e
    WHERE e.id = p_event_id AND e.account_id = p_account_id
    FOR UPDATE;
    IF v_event IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'event: no event with this id in your account';
    END IF;

    SELECT
        r.id,
        r.event_person_id,
        r.status,
        r.registered_on
    INTO v_registration, v_old_person, v_old_status, v_old_registered_on
    FROM event_registration AS r
    WHERE r.event_id = v_event AND r.external_source = v_source AND r.external_id = v_external_id
    FOR UPDATE;

    -- The person: the registration's own while the email matches, else the event's by email.
    SELECT
        p.id,
        p.name,
        p.given_name,
        p.family_name
    INTO v_person, v_old_name, v_old_given, v_old_family
    FROM event_person AS p
    WHERE p.id = v_old_person AND (v_email IS NULL OR LOWER(TRIM(p.email)) COLLATE utf8mb4_bin = v_email)
    FOR UPDATE;
    IF v_person IS NULL AND v_email IS NOT NULL THEN
        SELECT
            p.id,
            p.name,
            p.given_name,
            p.family_name
        INTO v_person, v_old_name, v_old_given, v_old_family
        FROM event_person AS p
        WHERE
            p.id = (
                SELECT MIN(q.id) FROM event_person AS q
                WHERE q.event_id = v_event AND LOWER(TRIM(q.email)) COLLATE utf8mb4_bin = v_email
            )
        FOR UPDATE;
    END IF;
    IF v_person IS NULL AND v_email IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'email: a new registration needs an email address';
    END IF;

    IF v_person IS NULL THEN
        SET v_new_person = 1;
        IF NOT v_dry_run THEN
            INSERT INTO event_person (account_id, event_id, given_name, family_name, name, email)
            VALUES (p_account_id, v_event, v_given, v_family, COALESCE(v_name, v_email), TRIM(p_email));
            SET v_person = LAST_INSERT_ID();
        END IF;
    ELSE
        SET v_renamed = (
            (v_name IS NOT NULL AND NOT v_name <=> v_old_name)
            OR (v_given IS NOT NULL AND NOT v_given <=> v_old_given)
            OR (v_family IS NOT NULL AND NOT v_family <=> v_old_family)
        );
        IF v_renamed AND NOT v_dry_run THEN
            UPDATE event_person SET
                name = COALESCE(v_name, name),
                given_name = COALESCE(v_given, given_name),
                family_name = COALESCE(v_family, family_name)
            WHERE id = v_person;
        END IF;
    END IF;

    SET v_status = CASE
        WHEN v_old_status = 'checked_in' THEN 'checked_in'
        WHEN BINARY p_status = 'active' THEN 'confirmed'
        ELSE 'cancelled'
    END;
    IF v_registration IS NULL THEN
        SET v_outcome = 'added';
        IF NOT v_dry_run THEN
            INSERT INTO event_registration (
                account_id, event_id, event_person_id, status, registered_on, external_source, external_id
            )
            VALUES (p_account_id, v_event, v_person, v_status, p_registered_on, v_source, v_external_id);
            SET v_registration = LAST_INSERT_ID();
        END IF;
    ELSEIF
        v_new_person OR v_renamed OR NOT v_person <=> v_old_person OR NOT v_status <=> v_old_status
        OR (p_registered_on IS NOT NULL AND NOT p_registered_on <=> v_old_registered_on)
    THEN
        SET v_outcome = 'changed';
        IF NOT v_dry_run THEN
            UPDATE event_registration SET
                event_person_id = v_person,
                status = v_status,
                registered_on = COALESCE(p_registered_on, registered_on)
            WHERE id = v_registration;
        END IF;
    END IF;

    SELECT
        v_outcome AS outcome,
        (
            SELECT r.id_random FROM event_registration AS r
            WHERE r.id = v_registration
        ) AS id_random;
    IF v_own THEN
        COMMIT;
    END IF;
END
