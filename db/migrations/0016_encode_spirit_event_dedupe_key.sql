-- The dedupe key hashed source_uri, content and event_type joined with '|', so ("a|b", "c") and
-- ("a", "b|c") shared a key. It now hashes a JSON array of the three: an unambiguous encoding.
-- Rows whose keys were distinct stay distinct, so the unique key holds through the rebuild.
ALTER TABLE spirit_event
MODIFY dedupe_key CHAR(32) CHARACTER SET ascii COLLATE ascii_bin AS (
    IF(
        source_uri IS NULL, NULL,
        LEFT(SHA2(JSON_ARRAY(source_uri, LEFT(content, 100), event_type), 256), 32)
    )
) STORED;
