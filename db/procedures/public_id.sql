-- p as an id_random that can be compared with an id_random column (ascii_bin: exact, indexed),
-- or NULL when p cannot be one: 11 characters of A-Z, a-z, 0-9, '-' and '_'. Compare id columns
-- with public_id(p), never with p itself: a utf8mb4 parameter makes MariaDB compare in
-- utf8mb4_unicode_ci (case- and accent-insensitive, no index), and a non-ASCII one fails (1267).
CREATE OR REPLACE FUNCTION public_id(p LONGTEXT)
RETURNS CHAR(11) CHARACTER SET ascii COLLATE ascii_bin
DETERMINISTIC
NO SQL
BEGIN
    IF p IS NULL OR OCTET_LENGTH(p) <> 11 OR CHAR_LENGTH(p) <> 11 OR p REGEXP '[^A-Za-z0-9_-]' THEN
        RETURN NULL;
    END IF;
    RETURN CONVERT(p USING ascii);
END
