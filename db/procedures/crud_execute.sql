-- The one place that runs dynamic SQL. p_sql is built only from registry names and integer ids;
-- values never enter it. They travel as @crud_1, @crud_2 and @crud_3, set here to p_1, p_2 and
-- p_3: the statement's `?` markers are bound to them in order (p_sql holds no other '?'), and a
-- value used several times (a write body) is read as @crud_1 itself. Compare id columns through
-- markers only: a marker compares exactly and uses the index, a session variable does neither.
-- The variables exist only while this call runs: set here, cleared here, on errors too, so
-- nothing of one call is left on a pooled connection for the next.
CREATE OR REPLACE PROCEDURE crud_execute(IN p_sql LONGTEXT, IN p_1 LONGTEXT, IN p_2 LONGTEXT, IN p_3 LONGTEXT)
MODIFIES SQL DATA
BEGIN
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        SET @crud_1 = NULL, @crud_2 = NULL, @crud_3 = NULL;
        RESIGNAL;
    END;
    SET @crud_1 = p_1, @crud_2 = p_2, @crud_3 = p_3;
    PREPARE crud_stmt FROM p_sql;
    CASE CHAR_LENGTH(p_sql) - CHAR_LENGTH(REPLACE(p_sql, '?', ''))
        WHEN 0 THEN EXECUTE crud_stmt;
        WHEN 1 THEN EXECUTE crud_stmt USING @crud_1;
        WHEN 2 THEN EXECUTE crud_stmt USING @crud_1, @crud_2;
        ELSE EXECUTE crud_stmt USING @crud_1, @crud_2, @crud_3;
    END CASE;
    DEALLOCATE PREPARE crud_stmt;
    SET @crud_1 = NULL, @crud_2 = NULL, @crud_3 = NULL;
END
