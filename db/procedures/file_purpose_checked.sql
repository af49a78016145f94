-- p as a file purpose of the account (a group of lu_file_purpose: a default one or the account's
-- own, not disabled by the account), in its stored spelling; NULL stays NULL. Anything else is a
-- 422 naming the field `purpose`.
CREATE OR REPLACE FUNCTION file_purpose_checked(p_account_id INT UNSIGNED, p LONGTEXT)
RETURNS VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
READS SQL DATA
BEGIN
    DECLARE v_group VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    DECLARE v_enable TINYINT;
    IF p IS NULL THEN
        RETURN NULL;
    END IF;
    -- The account's own row (a group of its own, or its override of a default) decides first.
    SELECT
        l.`group`,
        l.enable
    INTO v_group, v_enable
    FROM lu_file_purpose AS l
    WHERE l.`group` = p AND l.scope IN ('0::0', lookup_scope(p_account_id, NULL, NULL))
    ORDER BY l.account_id IS NULL
    LIMIT 1;
    IF NOT v_enable THEN
        SET v_group = NULL;
    END IF;
    IF v_group IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31422,
            MESSAGE_TEXT = 'purpose: not a file purpose of this account (see /v3/lookup/file_purpose)';
    END IF;
    RETURN v_group;
END
