-- Deletes one object of p_type (inside p_parent_id_random when given) with every descendant
-- (children, their children, ...) and the contacts, addresses, data stores and lookup
-- overrides that belong to any of them. 404 when the object is not in the account or that
-- parent. A type with soft_delete keeps the row and sets deleted_on instead (crud_restore
-- brings it back). All or nothing, one transaction (the caller's, if any). The object and its
-- descendants are locked first, so a write that refers to one of them (which locks it in share
-- mode, see crud_resolve) either commits before the delete, and its rows go too, or fails after.
CREATE OR REPLACE PROCEDURE crud_delete(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_id_random LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_table VARCHAR(64);
    DECLARE v_soft TINYINT;
    DECLARE v_id INT UNSIGNED;
    DECLARE v_child VARCHAR(64);
    DECLARE v_child_table VARCHAR(64);
    DECLARE v_child_parent VARCHAR(64);
    DECLARE v_child_column VARCHAR(64);
    DECLARE v_owned VARCHAR(64);
    DECLARE v_done INT DEFAULT 0;
    DECLARE descendants CURSOR FOR
        WITH RECURSIVE tree AS (
            SELECT
                t.name,
                t.table_name,
                t.parent_name,
                t.parent_column,
                1 AS level_no
            FROM crud_type AS t
            WHERE t.parent_name = p_type
            UNION ALL
            SELECT
                c.name,
                c.table_name,
                c.parent_name,
                c.parent_column,
                tree.level_no + 1 AS level_no
            FROM crud_type AS c
            INNER JOIN tree ON c.parent_name = tree.name
            WHERE tree.level_no < 8
        )

        SELECT
            tree.name,
            tree.table_name,
            tree.parent_name,
            tree.parent_column
        FROM tree
        ORDER BY tree.level_no, tree.name;
    DECLARE owned CURSOR FOR
        SELECT c.table_name FROM information_schema.columns AS c
        WHERE
            c.table_schema = DATABASE() AND c.column_name = 'for_type'
            AND (
                c.table_name IN (SELECT t.table_name FROM crud_type AS t)
                OR c.table_name IN (SELECT l.table_name FROM lu_type AS l)
            )
        ORDER BY c.table_name;
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_done = 1;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        IF v_own THEN
            ROLLBACK;
        END IF;
        DROP TEMPORARY TABLE IF EXISTS crud_doomed, crud_batch;
        RESIGNAL;
    END;
    CALL crud_type_check(p_type, p_parent_id_random);
    SELECT
        t.table_name,
        t.soft_delete
    INTO v_table, v_soft
    FROM crud_type AS t
    WHERE t.name = p_type;
    IF v_own THEN
        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
    END IF;
    CALL crud_resolve(p_type, p_account_id, p_id_random, p_parent_id_random, p_type, 31404, 'update', v_id);
    IF v_soft THEN
        CALL crud_execute(CONCAT(
            'UPDATE `', v_table, '` SET deleted_on = CURRENT_TIMESTAMP(6) WHERE id = ', v_id
        ), NULL, NULL, NULL);
    ELSE
        DROP TEMPORARY TABLE IF EXISTS crud_doomed, crud_batch;
        CREATE TEMPORARY TABLE crud_doomed (
            type_name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
            id INT UNSIGNED NOT NULL,
            PRIMARY KEY (type_name, id)
        );
        CREATE TEMPORARY TABLE crud_batch (id INT UNSIGNED NOT NULL PRIMARY KEY);
        INSERT INTO crud_doomed (type_name, id) VALUES (p_type, v_id);
        OPEN descendants;
        descendant_types: LOOP
            FETCH descendants INTO v_child, v_child_table, v_child_parent, v_child_column;
            IF v_done THEN
                LEAVE descendant_types;
            END IF;
            DELETE FROM crud_batch;
            INSERT INTO crud_batch (id)
            SELECT d.id FROM crud_doomed AS d
            WHERE d.type_name = v_child_parent;
            CALL crud_execute(CONCAT(
                'INSERT INTO crud_doomed (type_name, id) SELECT ''', v_child, ''', c.id FROM `', v_child_table,
                '` AS c INNER JOIN crud_batch AS b ON c.`', v_child_column, '` = b.id FOR UPDATE'
            ), NULL, NULL, NULL);
        END LOOP;
        CLOSE descendants;
        SET v_done = 0;
        OPEN owned;
        owned_tables: LOOP
            FETCH owned INTO v_owned;
            IF v_done THEN
                LEAVE owned_tables;
            END IF;
            CALL crud_execute(CONCAT(
                'DELETE FROM `', v_owned,
                '` WHERE (for_type, for_id) IN (SELECT d.type_name, d.id FROM crud_doomed AS d)'
            ), NULL, NULL, NULL);
        END LOOP;
        CLOSE owned;
        CALL crud_execute(CONCAT('DELETE FROM `', v_table, '` WHERE id = ', v_id), NULL, NULL, NULL);
        DROP TEMPORARY TABLE crud_doomed, crud_batch;
    END IF;
    IF v_own THEN
        COMMIT;
    END IF;
END
