-- Runs a dynamic SELECT that answers one value INTO @crud_value (see crud_execute) and returns
-- that value in o_value: NULL when the SELECT finds no row. @crud_value is reset before the
-- statement runs and cleared after, so a value never outlives the call that read it.
CREATE OR REPLACE PROCEDURE crud_value(
    IN p_sql LONGTEXT, IN p_1 LONGTEXT, IN p_2 LONGTEXT, IN p_3 LONGTEXT, OUT o_value LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        SET @crud_value = NULL;
        RESIGNAL;
    END;
    SET @crud_value = NULL;
    CALL crud_execute(p_sql, p_1, p_2, p_3);
    SET o_value = @crud_value, @crud_value = NULL;
END
