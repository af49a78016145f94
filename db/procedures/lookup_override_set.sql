-- lookup_override_write for one group, answering the override as its view shows it.
CREATE OR REPLACE PROCEDURE lookup_override_set(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_group LONGTEXT,
    IN p_body LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_id_random CHAR(11);
    CALL lookup_override_write(p_type, p_account_id, p_group, p_body, v_id_random);
    SET @crud_p1 = v_id_random;
    CALL crud_execute(CONCAT(
        'SELECT * FROM `', (
            SELECT t.view_name FROM lu_type AS t
            WHERE t.name = p_type
        ), '` WHERE id_random = ?'
    ), 1);
END
