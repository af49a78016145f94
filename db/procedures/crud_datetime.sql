-- An ISO 8601 date-time as UTC text for a DATETIME column: 'Z' and '+hh:mm' / '-hhmm' offsets
-- (any offset under 24 hours, such as Pacific/Kiritimati's +14:00) are converted to UTC, a value
-- without offset is taken as UTC. Anything else is returned as given, so the INSERT or UPDATE
-- refuses it and names the column (strict mode refuses zero dates too).
CREATE OR REPLACE FUNCTION crud_datetime(p_text LONGTEXT)
RETURNS LONGTEXT
DETERMINISTIC
NO SQL
BEGIN
    DECLARE v_offset VARCHAR(10) DEFAULT REGEXP_SUBSTR(p_text, '(Z|[+-][0-9]{2}:?[0-9]{2})$');
    DECLARE v_local LONGTEXT;
    DECLARE v_minutes INT;
    -- A date that does not exist (2026-02-30, 0000-00-00): the INSERT or UPDATE refuses it.
    DECLARE EXIT HANDLER FOR SQLEXCEPTION RETURN p_text;
    IF p_text IS NULL OR v_offset = '' THEN
        RETURN p_text;
    END IF;
    SET v_local = REPLACE(LEFT(p_text, CHAR_LENGTH(p_text) - CHAR_LENGTH(v_offset)), 'T', ' ');
    IF v_local NOT REGEXP '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?$' THEN
        RETURN p_text;
    END IF;
    IF v_offset = 'Z' THEN
        RETURN v_local;
    END IF;
    SET v_minutes = SUBSTRING(v_offset, 2, 2) * 60 + RIGHT(v_offset, 2);
    IF SUBSTRING(v_offset, 2, 2) > 23 OR RIGHT(v_offset, 2) > 59 THEN
        RETURN p_text;
    END IF;
    RETURN COALESCE(
        CAST(v_local AS DATETIME(6)) - INTERVAL IF(LEFT(v_offset, 1) = '-', -v_minutes, v_minutes) MINUTE, p_text
    );
END
