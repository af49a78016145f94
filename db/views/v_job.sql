-- job: a background job of an account. id and account_id are internal; worker is the queue's
-- worker id (operators read it in the table, clients do not see it).
CREATE OR REPLACE VIEW v_job AS
SELECT
    t.id,
    t.account_id,
    t.id_random,
    a.id_random AS account_id_random,
    t.type,
    t.status,
    t.progress,
    t.params_json,
    t.result_json,
    t.error,
    t.attempts,
    t.started_on,
    t.finished_on,
    t.created_on,
    t.updated_on
FROM job AS t
INNER JOIN account AS a ON t.account_id = a.id;
