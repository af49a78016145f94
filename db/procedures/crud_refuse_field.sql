-- Signals the reason a write body may not carry p_field for p_type: an integer id, a read-only
-- field of the type's view, or a field the type does not have.
CREATE OR REPLACE PROCEDURE crud_refuse_field(
    IN p_type VARCHAR(64), IN p_field LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
)
READS SQL DATA
BEGIN
    DECLARE v_message VARCHAR(512);
    DECLARE v_known INT;
    SELECT COUNT(*) INTO v_known
    FROM information_schema.columns AS c
    INNER JOIN crud_type AS t ON c.table_name = t.view_name
    WHERE c.table_schema = DATABASE() AND t.name = p_type AND c.column_name = p_field;
    IF p_field NOT REGEXP '^[a-z][a-z0-9_]{0,63}$' THEN
        SET v_message = 'body: field names are lower_snake_case; this body has one that is not a field';
    ELSEIF p_field = 'id' THEN
        SET v_message = 'id: integer ids are never accepted; objects are named by id_random in the URL';
    ELSEIF p_field LIKE '%\_id' THEN
        SET v_message = CONCAT(p_field, ': integer ids are never accepted; send ', p_field, '_random');
    ELSEIF v_known > 0 THEN
        SET v_message = CONCAT(p_field, ': is read-only');
    ELSE
        SET v_message = CONCAT(p_field, ': unknown field for ', p_type);
    END IF;
    SIGNAL SQLSTATE '45000'
        SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = v_message;
END
