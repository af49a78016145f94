-- An ISO 8601 date-time as UTC text for a DATETIME column: 'Z' and '+hh:mm' / '-hhmm' offsets
-- are converted to UTC, a value without offset is taken as UTC. Anything else is returned as
-- given, so the INSERT or UPDATE refuses it and names the column.
CREATE OR REPLACE FUNCTION crud_datetime(p_text LONGTEXT)
RETURNS LONGTEXT
DETERMINISTIC
NO SQL
BEGIN
    DECLARE v_offset VARCHAR(10) DEFAULT REGEXP_SUBSTR(p_text, '(Z|[+-][0-9]{2}:?[0-9]{2})$');
    DECLARE v_local LONGTEXT;
    IF p_text IS NULL OR v_offset = '' THEN
        RETURN p_text;
    END IF;
    SET v_local = LEFT(p_text, CHAR_LENGTH(p_text) - CHAR_LENGTH(v_offset));
    IF v_local NOT REGEXP '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?$' THEN
        RETURN p_text;
    END IF;
    IF v_offset = 'Z' THEN
        RETURN REPLACE(v_local, 'T', ' ');
    END IF;
    RETURN COALESCE(
        CONVERT_TZ(
            REPLACE(v_local, 'T', ' '),
            CONCAT(LEFT(v_offset, 3), ':', RIGHT(v_offset, 2)),
            '+00:00'
        ),
        p_text
    );
END
