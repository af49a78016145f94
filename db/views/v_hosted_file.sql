-- hosted_file: an account's stored file. id and account_id are internal; hash_sha256 names the
-- blob under AE_FILES_DIR (sha256/<2>/<2>/<hash>).
CREATE OR REPLACE VIEW v_hosted_file AS
SELECT
    t.id,
    t.account_id,
    t.id_random,
    a.id_random AS account_id_random,
    t.hash_sha256,
    t.size_bytes,
    t.mime_type,
    t.filename,
    t.name,
    t.description,
    t.purpose,
    t.meta_json,
    t.enable,
    t.hide,
    t.sort,
    t.created_on,
    t.updated_on
FROM hosted_file AS t
INNER JOIN account AS a ON t.account_id = a.id;
