-- A new secret for a link mailed to a person (invitation, password reset): 32 random bytes as
-- 43 URL-safe base64 characters. Store only secret_token_hash() of it.
CREATE OR REPLACE FUNCTION secret_token()
RETURNS CHAR(43) CHARACTER SET ascii COLLATE ascii_bin
NOT DETERMINISTIC
NO SQL
BEGIN
    RETURN REPLACE(REPLACE(REPLACE(TO_BASE64(RANDOM_BYTES(32)), '+', '-'), '/', '_'), '=', '');
END
