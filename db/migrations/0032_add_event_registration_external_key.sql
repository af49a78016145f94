-- Where a registration came from outside Aether: external_source names the service ('zoom'),
-- external_id the registration's id there (a Zoom ticket id). A sync finds its row again by
-- this natural key, so running it twice adds nothing. Both are NULL for registrations made in
-- Aether, and NULLs never collide in a UNIQUE key. Read-only for clients (not in crud_type's
-- writable_fields): only event_registration_sync writes them.
ALTER TABLE event_registration
ADD COLUMN IF NOT EXISTS external_source VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER checked_in_on,
ADD COLUMN IF NOT EXISTS external_id VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER external_source;

CREATE UNIQUE INDEX IF NOT EXISTS uq_event_registration_external
ON event_registration (event_id, external_source, external_id);
