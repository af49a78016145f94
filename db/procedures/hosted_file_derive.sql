-- A new hosted_file made from another of the same account (a clip, a conversion): the blob
-- p_hash_sha256 is stored already. 404 naming id_random when the account has no source file
-- p_source_id_random (it may have been deleted while the work ran). p_purpose NULL keeps the
-- source's purpose. Answers the new file's id_random.
CREATE OR REPLACE PROCEDURE hosted_file_derive(
    IN p_account_id INT UNSIGNED,
    IN p_source_id_random LONGTEXT,
    IN p_hash_sha256 LONGTEXT,
    IN p_size_bytes BIGINT UNSIGNED,
    IN p_mime_type LONGTEXT,
    IN p_filename LONGTEXT,
    IN p_name LONGTEXT,
    IN p_purpose LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_source INT UNSIGNED;
    CALL crud_resolve('hosted_file', p_account_id, p_source_id_random, NULL, 'id_random', 31404, 'share', v_source);
    INSERT INTO hosted_file (account_id, hash_sha256, size_bytes, mime_type, filename, name, description, purpose)
    SELECT
        p_account_id AS account_id,
        p_hash_sha256 AS hash_sha256,
        p_size_bytes AS size_bytes,
        p_mime_type AS mime_type,
        p_filename AS filename,
        p_name AS name,
        s.description,
        COALESCE(p_purpose, s.purpose) AS purpose
    FROM hosted_file AS s
    WHERE s.id = v_source;
    SELECT h.id_random FROM hosted_file AS h
    WHERE h.id = LAST_INSERT_ID();
END
