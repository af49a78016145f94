-- The scope key of a lookup row (see 0012_create_lookup_tables.sql): '0::0' for a default,
-- '<account>::0' for an account override, '<account>:<type>:<id>' for an object override.
CREATE OR REPLACE FUNCTION lookup_scope(p_account_id INT UNSIGNED, p_for_type VARCHAR(64), p_for_id INT UNSIGNED)
RETURNS VARCHAR(90) CHARACTER SET ascii
DETERMINISTIC
NO SQL
BEGIN
    RETURN CONCAT(COALESCE(p_account_id, 0), ':', COALESCE(p_for_type, ''), ':', COALESCE(p_for_id, 0));
END
