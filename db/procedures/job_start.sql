-- A worker claims a job: a queued job, or a running one whose worker died (the queue hands a job
-- to a new worker only then). Counts the attempt and answers the job's view row, or nothing when
-- the job is not there to run (cancelled, finished, unknown): the worker then drops it.
CREATE OR REPLACE PROCEDURE job_start(
    IN p_id_random LONGTEXT,
    IN p_worker VARCHAR(100),
    IN p_max_attempts INT UNSIGNED
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_claimed INT;
    UPDATE job SET
        status = 'failed',
        error = CONCAT('the job was interrupted ', attempts, ' times before it could finish'),
        finished_on = CURRENT_TIMESTAMP(6)
    WHERE id_random = public_id(p_id_random) AND status IN ('queued', 'running') AND attempts >= p_max_attempts;
    UPDATE job SET
        status = 'running',
        worker = p_worker,
        attempts = attempts + 1,
        progress = 0,
        started_on = CURRENT_TIMESTAMP(6)
    WHERE id_random = public_id(p_id_random) AND status IN ('queued', 'running');
    SET v_claimed = ROW_COUNT();
    SELECT j.id_random FROM job AS j
    WHERE j.id_random = public_id(p_id_random) AND v_claimed > 0;
END
