-- The ranked entries of p_type for an account and, optionally, one of its objects; lookup_list,
-- lookup_resolve and lookup_override_set call it. One row per group: the object override if
-- there is one, else the account override, else the global default (newest first within a
-- level). An override's NULL fields fall back to the default. A winning row with enable = 0
-- hides its group (unless p_include_disabled); so does hide = 1 (unless p_include_hidden); an
-- account whitelist (data_store code 'lookup_whitelist' on the account, {"<lu_type>": [groups]})
-- keeps only its groups (unless p_include_disabled). An object override counts only inside its
-- own account.
-- p_where (' AND ...') and p_order (terms before sort, name, group: the order of every list) are
-- SQL the callers build from lu_type names only, over w (the winning row), g (the group's
-- default) and lu_in: q (p_q) and page (p_page, JSON), the statement's only values. At most
-- p_limit rows; NULL: all.
CREATE OR REPLACE PROCEDURE lookup_select(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_for_type LONGTEXT,
    IN p_for_id_random LONGTEXT,
    IN p_include_hidden TINYINT,
    IN p_include_disabled TINYINT,
    IN p_where LONGTEXT,
    IN p_order LONGTEXT,
    IN p_limit INT UNSIGNED,
    IN p_q LONGTEXT,
    IN p_page LONGTEXT
)
READS SQL DATA
BEGIN
    DECLARE v_table VARCHAR(64);
    DECLARE v_extra VARCHAR(500);
    DECLARE v_for_id INT UNSIGNED;
    DECLARE v_i INT DEFAULT 1;
    DECLARE v_columns LONGTEXT DEFAULT '';
    DECLARE v_scopes LONGTEXT;
    DECLARE v_whitelist LONGTEXT;
    CALL lookup_type_check(p_type);
    SELECT
        t.table_name,
        t.extra_fields
    INTO v_table, v_extra
    FROM lu_type AS t
    WHERE t.name = p_type;
    CALL lookup_object(p_account_id, p_for_type, p_for_id_random, 31404, v_for_id);
    SET v_whitelist = (
        SELECT JSON_EXTRACT(d.data_json, CONCAT('$."', p_type, '"')) FROM data_store AS d
        WHERE
            d.account_id = p_account_id AND d.for_type = 'account' AND d.for_id = p_account_id
            AND d.code = 'lookup_whitelist'
    );
    WHILE v_extra <> '' AND v_i <= 1 + CHAR_LENGTH(v_extra) - CHAR_LENGTH(REPLACE(v_extra, ',', '')) DO
        SET v_columns = CONCAT(v_columns, ', g.`', SUBSTRING_INDEX(SUBSTRING_INDEX(v_extra, ',', v_i), ',', -1), '`');
        SET v_i = v_i + 1;
    END WHILE;
    SET v_scopes = CONCAT(
        '''0::0'', ''', lookup_scope(p_account_id, NULL, NULL), '''',
        IF(v_for_id IS NULL, '', CONCAT(', ''', lookup_scope(p_account_id, p_for_type, v_for_id), ''''))
    );
    CALL crud_execute(CONCAT(
        'SELECT w.id_random, w.`group`, COALESCE(w.name, g.name) AS name,',
        ' COALESCE(w.description, g.description) AS description', v_columns,
        ', w.enable, COALESCE(w.hide, g.hide, 0) AS hide, COALESCE(w.sort, g.sort, 0) AS sort,',
        ' CASE WHEN w.for_type IS NOT NULL THEN ''object'' WHEN w.account_id IS NOT NULL THEN ''account''',
        ' ELSE ''default'' END AS level',
        ' FROM (SELECT l.*, ROW_NUMBER() OVER (PARTITION BY l.`group` ORDER BY l.for_type IS NOT NULL DESC,',
        ' l.account_id IS NOT NULL DESC, l.created_on DESC, l.id DESC) AS rank_priority',
        ' FROM `', v_table, '` AS l WHERE l.scope IN (', v_scopes, ')) AS w',
        ' LEFT JOIN `', v_table, '` AS g ON g.scope = ''0::0'' AND g.`group` = w.`group`',
        ' CROSS JOIN (SELECT ? AS q, ? AS whitelist, ? AS page) AS lu_in',
        ' WHERE w.rank_priority = 1',
        IF(p_include_disabled, '', ' AND w.enable = 1'),
        IF(p_include_hidden, '', ' AND COALESCE(w.hide, g.hide, 0) = 0'),
        IF(
            p_include_disabled,
            '',
            ' AND (lu_in.whitelist IS NULL OR JSON_CONTAINS(lu_in.whitelist, JSON_QUOTE(w.`group`)))'
        ),
        COALESCE(p_where, ''),
        ' ORDER BY ', COALESCE(p_order, ''), 'sort, name, w.`group`',
        IF(p_limit IS NULL, '', CONCAT(' LIMIT ', p_limit))
    ), p_q, v_whitelist, p_page);
END
