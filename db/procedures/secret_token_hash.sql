-- The SHA-256 (hex) of a secret_token(), comparable with a token_hash column (ascii_bin: exact,
-- indexed), or NULL when p cannot be a token: 43 characters of A-Z, a-z, 0-9, '-' and '_'.
CREATE OR REPLACE FUNCTION secret_token_hash(p LONGTEXT)
RETURNS CHAR(64) CHARACTER SET ascii COLLATE ascii_bin
DETERMINISTIC
NO SQL
BEGIN
    IF p IS NULL OR OCTET_LENGTH(p) <> 43 OR CHAR_LENGTH(p) <> 43 OR p REGEXP '[^A-Za-z0-9_-]' THEN
        RETURN NULL;
    END IF;
    RETURN SHA2(CONVERT(p USING ascii), 256);
END
