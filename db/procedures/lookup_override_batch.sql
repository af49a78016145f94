-- Applies a JSON array of overrides ({"group": ..., plus lookup_override_write's fields}) all
-- or nothing, in one transaction (the caller's, if any); a failure names its item:
-- 'overrides/<index>/<field>: ...'. Answers the count. Items are written in group order, so
-- concurrent batches lock rows in the same order and rarely deadlock.
CREATE OR REPLACE PROCEDURE lookup_override_batch(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_items LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_k INT DEFAULT 0;
    DECLARE v_i INT DEFAULT 0;
    DECLARE v_order LONGTEXT;
    DECLARE v_item LONGTEXT;
    DECLARE v_id INT UNSIGNED;
    DECLARE v_message VARCHAR(512);
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        GET DIAGNOSTICS CONDITION 1 v_message = MESSAGE_TEXT;
        IF v_own THEN
            ROLLBACK;
        END IF;
        SET v_message = LEFT(CONCAT('overrides/', v_i, '/', v_message), 512);
        RESIGNAL SET MESSAGE_TEXT = v_message;
    END;
    CALL lookup_type_check(p_type);
    IF JSON_VALID(p_items) = 0 OR JSON_TYPE(p_items) <> 'ARRAY' OR JSON_LENGTH(p_items) NOT BETWEEN 1 AND 1000 THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'overrides: must be a list of 1 to 1000 overrides';
    END IF;
    IF v_own THEN
        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
    END IF;
    SET v_order = (
        SELECT JSON_ARRAYAGG(j.idx - 1 ORDER BY j.grp, j.idx)
        FROM JSON_TABLE(p_items, '$[*]' COLUMNS (idx FOR ORDINALITY, grp VARCHAR(1000) PATH '$.group')) AS j
    );
    WHILE v_k < JSON_LENGTH(p_items) DO
        SET v_i = JSON_VALUE(v_order, CONCAT('$[', v_k, ']'));
        SET v_item = JSON_EXTRACT(p_items, CONCAT('$[', v_i, ']'));
        IF JSON_TYPE(v_item) <> 'OBJECT' OR JSON_TYPE(JSON_EXTRACT(v_item, '$.group')) <> 'STRING' THEN
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'group: each override is an object with a group';
        END IF;
        CALL lookup_override_write(
            p_type, p_account_id, JSON_VALUE(v_item, '$.group'), JSON_REMOVE(v_item, '$.group'), v_id
        );
        SET v_k = v_k + 1;
    END WHILE;
    IF v_own THEN
        COMMIT;
    END IF;
    SELECT JSON_LENGTH(p_items) AS applied;
END
