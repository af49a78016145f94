-- One page of the lookup list of p_type for an account and, optionally, one of its objects (see
-- lookup_select for the ranking), ordered by sort, then name, then group.
-- p_filters: a JSON object {"<field>": "<value>"} of the type's filter_fields (lu_type), each
-- equal to the entry's field, case-insensitively. p_q: entries one of whose resolve_fields
-- starts with it, case- and accent-insensitively (% and _ are plain characters). p_after: the
-- [sort, name, group] of the last entry of the previous page; the page starts after it.
-- p_limit: at most that many entries; NULL: all. Each of the four may be NULL.
CREATE OR REPLACE PROCEDURE lookup_list(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_for_type LONGTEXT,
    IN p_for_id_random LONGTEXT,
    IN p_filters LONGTEXT,
    IN p_q LONGTEXT,
    IN p_after LONGTEXT,
    IN p_limit INT UNSIGNED,
    IN p_include_hidden TINYINT,
    IN p_include_disabled TINYINT
)
READS SQL DATA
BEGIN
    DECLARE v_filterable VARCHAR(500);
    DECLARE v_resolve VARCHAR(500);
    DECLARE v_keys LONGTEXT;
    DECLARE v_key LONGTEXT;
    DECLARE v_i INT DEFAULT 0;
    DECLARE v_where LONGTEXT DEFAULT '';
    DECLARE v_match LONGTEXT DEFAULT '';
    DECLARE v_message VARCHAR(512);
    CALL lookup_type_check(p_type);
    SELECT
        t.filter_fields,
        t.resolve_fields
    INTO v_filterable, v_resolve
    FROM lu_type AS t
    WHERE t.name = p_type;
    IF p_filters IS NOT NULL AND (JSON_VALID(p_filters) = 0 OR JSON_TYPE(p_filters) <> 'OBJECT') THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31400, MESSAGE_TEXT = 'filters: must be an object of field names and values';
    END IF;
    SET v_keys = COALESCE(JSON_KEYS(p_filters), '[]');
    WHILE v_i < JSON_LENGTH(v_keys) DO
        SET v_key = JSON_VALUE(v_keys, CONCAT('$[', v_i, ']'));
        SET v_i = v_i + 1;
        IF v_key NOT REGEXP '^[a-z][a-z0-9_]{0,63}$' THEN
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31400, MESSAGE_TEXT = 'filters: not a filter of this lookup type';
        END IF;
        IF FIND_IN_SET(v_key, v_filterable) = 0 THEN
            SET v_message = CONCAT(v_key, ': not a filter of this lookup type');
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31400, MESSAGE_TEXT = v_message;
        END IF;
        IF JSON_TYPE(JSON_EXTRACT(p_filters, CONCAT('$.', v_key))) <> 'STRING' THEN
            SET v_message = CONCAT(v_key, ': must be text');
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31400, MESSAGE_TEXT = v_message;
        END IF;
        SET v_where = CONCAT(
            v_where, ' AND g.`', v_key, '` = JSON_VALUE(lu_in.page, ''$.filters.', v_key,
            ''') COLLATE utf8mb4_unicode_ci'
        );
    END WHILE;
    SET v_i = 1;
    WHILE p_q IS NOT NULL AND v_i <= 1 + CHAR_LENGTH(v_resolve) - CHAR_LENGTH(REPLACE(v_resolve, ',', '')) DO
        SET v_match = CONCAT(v_match, IF(v_match = '', '', ' OR '), lookup_match(
            SUBSTRING_INDEX(SUBSTRING_INDEX(v_resolve, ',', v_i), ',', -1),
            'LIKE lu_in.q COLLATE utf8mb4_unicode_ci ESCAPE ''!'''
        ));
        SET v_i = v_i + 1;
    END WHILE;
    IF p_q IS NOT NULL THEN
        SET v_where = CONCAT(v_where, ' AND (', v_match, ')');
    END IF;
    IF p_after IS NOT NULL THEN
        IF
            JSON_VALID(p_after) = 0 OR JSON_TYPE(p_after) <> 'ARRAY' OR JSON_LENGTH(p_after) <> 3
            OR JSON_TYPE(JSON_EXTRACT(p_after, '$[0]')) <> 'INTEGER'
            OR JSON_TYPE(JSON_EXTRACT(p_after, '$[1]')) <> 'STRING'
            OR JSON_TYPE(JSON_EXTRACT(p_after, '$[2]')) <> 'STRING' THEN
            SIGNAL SQLSTATE '45000'
                SET MYSQL_ERRNO = 31400, MESSAGE_TEXT = 'cursor: must be the [sort, name, group] of an entry';
        END IF;
        SET v_where = CONCAT(
            v_where, ' AND (COALESCE(w.sort, g.sort, 0), COALESCE(w.name, g.name), w.`group`) >',
            ' (CAST(JSON_VALUE(lu_in.page, ''$.after[0]'') AS SIGNED),',
            ' JSON_VALUE(lu_in.page, ''$.after[1]'') COLLATE utf8mb4_unicode_ci,',
            ' JSON_VALUE(lu_in.page, ''$.after[2]'') COLLATE utf8mb4_unicode_ci)'
        );
    END IF;
    CALL lookup_select(
        p_type, p_account_id, p_for_type, p_for_id_random, p_include_hidden, p_include_disabled, v_where, NULL,
        p_limit, CONCAT(REPLACE(REPLACE(REPLACE(p_q, '!', '!!'), '%', '!%'), '_', '!_'), '%'),
        CONCAT('{"filters": ', COALESCE(p_filters, 'null'), ', "after": ', COALESCE(p_after, 'null'), '}')
    );
END
