-- A sync run begins: for the account's site p_site_id_random (NULL: none), of p_kind ('mailman'
-- or 'zoom'). Answers its id_random.
CREATE OR REPLACE PROCEDURE sync_run_start(
    IN p_account_id INT UNSIGNED,
    IN p_site_id_random LONGTEXT,
    IN p_kind VARCHAR(10),
    IN p_dry_run TINYINT
)
MODIFIES SQL DATA
BEGIN
    INSERT INTO sync_run (account_id, site_id, kind, dry_run)
    SELECT
        p_account_id AS account_id,
        (
            SELECT s.id FROM site AS s
            WHERE s.id_random = public_id(p_site_id_random) AND s.account_id = p_account_id
        ) AS site_id,
        p_kind AS kind,
        p_dry_run AS dry_run;
    SELECT r.id_random FROM sync_run AS r
    WHERE r.id = LAST_INSERT_ID();
END
