-- CRUD delete for type `hosted_file`: deletes the account's file (and, by cascade, every
-- event_file showing it; badge templates using it lose their artwork) and answers its
-- hash_sha256, so the API can remove the blob when no hosted_file of any account names it any
-- more. 404 when the account has no such file. The procedure signature is crud_delete's.
CREATE OR REPLACE PROCEDURE hosted_file_delete(
    IN p_type VARCHAR(64),
    IN p_account_id INT UNSIGNED,
    IN p_parent_id_random LONGTEXT,
    IN p_id_random LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;
    DECLARE v_id INT UNSIGNED;
    DECLARE v_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        IF v_own THEN
            ROLLBACK;
        END IF;
        RESIGNAL;
    END;
    IF v_own THEN
        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
    END IF;
    CALL crud_type_check(p_type, p_parent_id_random);
    CALL crud_resolve('hosted_file', p_account_id, p_id_random, NULL, 'id_random', 31404, 'update', v_id);
    SET v_hash = (
        SELECT h.hash_sha256 FROM hosted_file AS h
        WHERE h.id = v_id
    );
    DELETE FROM hosted_file
    WHERE id = v_id;
    SELECT v_hash AS hash_sha256;
    IF v_own THEN
        COMMIT;
    END IF;
END
