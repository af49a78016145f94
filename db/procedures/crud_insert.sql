-- Creates an object of p_type in account p_account_id from a JSON body and answers its view row.
-- The parent comes from p_parent_id_random (a nested URL: 404 when it is not in the account) or,
-- when that is NULL, from the body's `<parent>_id_random` (422 when missing or not found).
-- A duplicate unique value is a 409 naming the field, and the existing object's id_random when
-- that object is in the same account. All or nothing: one transaction (the caller's, if any).
CREATE OR REPLACE PROCEDURE crud_insert(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_body LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_table VARCHAR(64);
    DECLARE v_parent VARCHAR(64);
    DECLARE v_parent_column VARCHAR(64);
    DECLARE v_parent_field VARCHAR(80);
    DECLARE v_parent_id_random LONGTEXT DEFAULT p_parent_id_random;
    DECLARE v_parent_id INT UNSIGNED;
    DECLARE v_message VARCHAR(512);
    DECLARE v_columns LONGTEXT;
    DECLARE v_values LONGTEXT;
    DECLARE v_set LONGTEXT;
    DECLARE v_existing CHAR(11);
    DECLARE v_field VARCHAR(64);
    DECLARE EXIT HANDLER FOR 1062
    BEGIN
        CALL crud_conflict(v_table, p_account_id, v_columns, v_values, p_body, v_existing, v_field);
        IF v_own THEN
            ROLLBACK;
        END IF;
        IF v_field IS NULL THEN
            RESIGNAL;
        END IF;
        SET v_message = CONCAT(
            IF(v_field LIKE '%\_id', CONCAT(v_field, '_random'), v_field), ': already exists',
            IF(v_existing IS NULL, ' (in another account)', CONCAT(' as ', v_existing))
        );
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31409, MESSAGE_TEXT = v_message;
    END;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        IF v_own THEN
            ROLLBACK;
        END IF;
        RESIGNAL;
    END;
    CALL crud_type_check(p_type, p_parent_id_random);
    CALL crud_body_check(p_body);
    SELECT
        t.table_name,
        t.parent_name,
        t.parent_column
    INTO v_table, v_parent, v_parent_column
    FROM crud_type AS t
    WHERE t.name = p_type;
    SET v_parent_field = CONCAT(v_parent, '_id_random');
    IF v_own THEN
        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
    END IF;
    IF p_parent_id_random IS NOT NULL THEN
        CALL crud_resolve(v_parent, p_account_id, p_parent_id_random, NULL, v_parent, 31404, 'share', v_parent_id);
    ELSEIF v_parent IS NOT NULL THEN
        SET v_parent_id_random = crud_scalar(p_body, v_parent_field);
        IF v_parent_id_random IS NULL THEN
            SET v_message = CONCAT(v_parent_field, ': is required');
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = v_message;
        END IF;
        CALL crud_resolve(
            v_parent, p_account_id, v_parent_id_random, NULL, v_parent_field, 31422, 'share', v_parent_id
        );
    END IF;
    CALL crud_assignments(p_type, p_account_id, v_parent_id_random, NULL, p_body, v_columns, v_values, v_set);
    SET v_columns = CONCAT('`account_id`', IF(v_parent IS NULL, '', CONCAT(', `', v_parent_column, '`')), v_columns);
    SET v_values = CONCAT(p_account_id, IF(v_parent IS NULL, '', CONCAT(', ', v_parent_id)), v_values);
    CALL crud_execute(CONCAT(
        'INSERT INTO `', v_table, '` (', v_columns, ') VALUES (', v_values, ')'
    ), p_body, NULL, NULL);
    CALL crud_row(p_type, p_account_id, LAST_INSERT_ID());
    IF v_own THEN
        COMMIT;
    END IF;
END
