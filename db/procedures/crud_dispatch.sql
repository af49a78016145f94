-- Runs a dynamic CALL of a generated procedure (crud_insert, crud_update): like crud_execute,
-- with a statement and session variables of its own, because the procedure it calls runs
-- crud_execute itself (a prepared statement cannot prepare itself again while it executes).
-- p_sql's `?` markers are bound in order to p_1, p_2, p_3, set and cleared within this call.
CREATE OR REPLACE PROCEDURE crud_dispatch(IN p_sql LONGTEXT, IN p_1 LONGTEXT, IN p_2 LONGTEXT, IN p_3 LONGTEXT)
MODIFIES SQL DATA
BEGIN
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        SET @crud_dispatch_1 = NULL, @crud_dispatch_2 = NULL, @crud_dispatch_3 = NULL;
        RESIGNAL;
    END;
    SET @crud_dispatch_1 = p_1, @crud_dispatch_2 = p_2, @crud_dispatch_3 = p_3;
    PREPARE crud_dispatch_stmt FROM p_sql;
    IF CHAR_LENGTH(p_sql) - CHAR_LENGTH(REPLACE(p_sql, '?', '')) = 2 THEN
        EXECUTE crud_dispatch_stmt USING @crud_dispatch_1, @crud_dispatch_2;
    ELSE
        EXECUTE crud_dispatch_stmt USING @crud_dispatch_1, @crud_dispatch_2, @crud_dispatch_3;
    END IF;
    DEALLOCATE PREPARE crud_dispatch_stmt;
    SET @crud_dispatch_1 = NULL, @crud_dispatch_2 = NULL, @crud_dispatch_3 = NULL;
END
