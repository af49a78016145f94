-- Cancels a queued or running job of the account (the worker running it stops at its next
-- check). 404 when the account has no such job; 409 when it has ended already. Answers the job's
-- view row.
CREATE OR REPLACE PROCEDURE job_cancel(
    IN p_account_id INT UNSIGNED,
    IN p_id_random LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    DECLARE v_status VARCHAR(10);
    DECLARE v_message VARCHAR(512);
    SET v_status = (
        SELECT j.status FROM job AS j
        WHERE j.id_random = public_id(p_id_random) AND j.account_id = p_account_id
    );
    IF v_status IS NULL THEN
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31404, MESSAGE_TEXT = 'id_random: no job with this id in your account';
    END IF;
    UPDATE job SET
        status = 'cancelled',
        error = 'cancelled',
        finished_on = CURRENT_TIMESTAMP(6)
    WHERE id_random = public_id(p_id_random) AND account_id = p_account_id AND status IN ('queued', 'running');
    IF ROW_COUNT() = 0 THEN
        SET v_message = CONCAT('status: the job has ended (', v_status, '); there is nothing to cancel');
        SIGNAL SQLSTATE '45000'
            SET MYSQL_ERRNO = 31409, MESSAGE_TEXT = v_message;
    END IF;
    SELECT j.id_random FROM job AS j
    WHERE j.id_random = public_id(p_id_random) AND j.account_id = p_account_id;
END
