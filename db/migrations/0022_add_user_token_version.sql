-- token_version: moved on by every password change. A login token carries the version it was
-- issued under and is refused once the user's version has moved on.
ALTER TABLE user
ADD COLUMN IF NOT EXISTS token_version INT UNSIGNED NOT NULL DEFAULT 0 AFTER password_hash;
