-- A queued job of the account: p_type names what to run, p_params_json its arguments (a JSON
-- object). Answers the job's id_random.
CREATE OR REPLACE PROCEDURE job_create(
    IN p_account_id INT UNSIGNED,
    IN p_type VARCHAR(64),
    IN p_params_json LONGTEXT
)
MODIFIES SQL DATA
BEGIN
    INSERT INTO job (account_id, type, params_json)
    VALUES (p_account_id, p_type, p_params_json);
    SELECT j.id_random FROM job AS j
    WHERE j.id = LAST_INSERT_ID();
END
