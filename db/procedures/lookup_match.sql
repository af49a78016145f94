-- The SQL that tests one resolve field of a lookup entry with p_test (an operator and the value
-- it compares with, such as '= lu_in.q COLLATE utf8mb4_unicode_ci'), over lookup_select's w (the
-- winning row) and g (the group's default). A name is tested as shown and as the default's, so a
-- renamed group is still found by its default name.
CREATE OR REPLACE FUNCTION lookup_match(p_field VARCHAR(64), p_test VARCHAR(200))
RETURNS VARCHAR(600)
DETERMINISTIC
NO SQL
BEGIN
    RETURN CONCAT('(', CASE p_field
        WHEN 'group' THEN CONCAT('w.`group` ', p_test)
        WHEN 'name' THEN CONCAT('COALESCE(w.name, g.name) ', p_test, ' OR g.name ', p_test)
        ELSE CONCAT('g.`', p_field, '` ', p_test)
    END, ')');
END
