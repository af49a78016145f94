-- The one place that runs dynamic SQL. p_sql is built only from registry names and integer ids;
-- values travel as the first p_params of @crud_p1, @crud_p2, @crud_p3, bound to its `?` marks.
CREATE OR REPLACE PROCEDURE crud_execute(IN p_sql LONGTEXT, IN p_params TINYINT)
MODIFIES SQL DATA
BEGIN
    SET @crud_sql = p_sql;
    PREPARE crud_stmt FROM @crud_sql;
    CASE p_params
        WHEN 0 THEN EXECUTE crud_stmt;
        WHEN 1 THEN EXECUTE crud_stmt USING @crud_p1;
        WHEN 2 THEN EXECUTE crud_stmt USING @crud_p1, @crud_p2;
        ELSE EXECUTE crud_stmt USING @crud_p1, @crud_p2, @crud_p3;
    END CASE;
    DEALLOCATE PREPARE crud_stmt;
END
