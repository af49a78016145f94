-- The end of a job, recorded once, by the worker that holds it: p_status succeeded (with
-- p_result_json), failed (with p_error), or queued again (the worker stops before the end; the
-- queue runs the job again). Answers whether it was recorded: false when the job was cancelled
-- or is no longer this worker's, and the worker then discards what it made.
CREATE OR REPLACE PROCEDURE job_finish(
    IN p_id_random LONGTEXT,
    IN p_worker VARCHAR(100),
    IN p_status VARCHAR(10),
    IN p_result_json LONGTEXT,
    IN p_error LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    UPDATE job SET
        status = p_status,
        progress = IF(p_status = 'succeeded', 100, progress),
        result_json = p_result_json,
        error = p_error,
        worker = IF(p_status = 'queued', NULL, worker),
        finished_on = IF(p_status = 'queued', NULL, CURRENT_TIMESTAMP(6))
    WHERE id_random = public_id(p_id_random) AND status = 'running' AND worker = p_worker;
    SELECT ROW_COUNT() > 0 AS recorded;
END
