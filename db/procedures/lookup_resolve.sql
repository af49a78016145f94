-- The one entry of p_type, as lookup_list shows it to the account or to one of its objects, that
-- p_q names: one of the type's resolve_fields (lu_type) equals p_q case-insensitively, the
-- earliest field first, then by sort, name and group. A renamed group still resolves by its
-- default name; a disabled or hidden group does not resolve. No row when nothing matches.
CREATE OR REPLACE PROCEDURE lookup_resolve(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_for_type LONGTEXT,
    IN p_for_id_random LONGTEXT,
    IN p_q LONGTEXT
)
READS SQL DATA
BEGIN
    DECLARE v_resolve VARCHAR(500);
    DECLARE v_expr VARCHAR(600);
    DECLARE v_i INT DEFAULT 1;
    DECLARE v_match LONGTEXT DEFAULT '';
    DECLARE v_rank LONGTEXT DEFAULT '';
    CALL lookup_type_check(p_type);
    SET v_resolve = (
        SELECT t.resolve_fields FROM lu_type AS t
        WHERE t.name = p_type
    );
    WHILE v_i <= 1 + CHAR_LENGTH(v_resolve) - CHAR_LENGTH(REPLACE(v_resolve, ',', '')) DO
        SET v_expr = lookup_match(
            SUBSTRING_INDEX(SUBSTRING_INDEX(v_resolve, ',', v_i), ',', -1), '= lu_in.q COLLATE utf8mb4_unicode_ci'
        );
        SET v_match = CONCAT(v_match, IF(v_match = '', '', ' OR '), v_expr);
        SET v_rank = CONCAT(v_rank, ' WHEN ', v_expr, ' THEN ', v_i);
        SET v_i = v_i + 1;
    END WHILE;
    CALL lookup_select(
        p_type, p_account_id, p_for_type, p_for_id_random, 0, 0, CONCAT(' AND (', v_match, ')'),
        CONCAT('CASE', v_rank, ' END, '), 1, p_q, NULL
    );
END
