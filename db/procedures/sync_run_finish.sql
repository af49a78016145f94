-- A sync run ends, once: succeeded with its report, or failed with an error (and what it had
-- done by then).
CREATE OR REPLACE PROCEDURE sync_run_finish(
    IN p_id_random LONGTEXT,
    IN p_status VARCHAR(10),
    IN p_report_json LONGTEXT,
    IN p_error LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    UPDATE sync_run SET
        status = p_status,
        report_json = p_report_json,
        error = p_error,
        finished_on = CURRENT_TIMESTAMP(6)
    WHERE id_random = public_id(p_id_random) AND status = 'running';
END
