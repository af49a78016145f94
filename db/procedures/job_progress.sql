-- A running job's progress (0 to 100), written only by the worker that holds it. Answers whether
-- the job is still that worker's to run (false: cancelled, or claimed by another worker).
CREATE OR REPLACE PROCEDURE job_progress(
    IN p_id_random LONGTEXT,
    IN p_worker VARCHAR(100),
    IN p_progress TINYINT UNSIGNED
)
MODIFIES SQL DATA
BEGIN
    UPDATE job SET progress = LEAST(p_progress, 100)
    WHERE id_random = public_id(p_id_random) AND status = 'running' AND worker = p_worker;
    SELECT EXISTS(
        SELECT 1 FROM job AS j
        WHERE j.id_random = public_id(p_id_random) AND j.status = 'running' AND j.worker = p_worker
    ) AS holds;
END
