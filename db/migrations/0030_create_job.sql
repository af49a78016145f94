-- Background jobs: one row per job, read by clients through the tenant rules
-- (GET /v3/action/job/{id_random}) and moved along by the worker (job_start, job_progress,
-- job_finish). The queue (saq, on Redis) carries the job's id_random; this row is the truth.
-- A worker claims a job by writing its worker id and attempt: only the current claimant can
-- finish it, so a job is recorded once even if a stale worker wakes up.
CREATE TABLE IF NOT EXISTS job (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    id_random CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    DEFAULT (REPLACE(REPLACE(LEFT(TO_BASE64(RANDOM_BYTES(8)), 11), '+', '-'), '/', '_')),
    account_id INT UNSIGNED NOT NULL,
    type VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    status ENUM('queued', 'running', 'succeeded', 'failed', 'cancelled') NOT NULL DEFAULT 'queued',
    progress TINYINT UNSIGNED NOT NULL DEFAULT 0,
    params_json JSON NOT NULL,
    result_json JSON NULL,
    error TEXT NULL,
    attempts INT UNSIGNED NOT NULL DEFAULT 0,
    worker VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NULL,
    started_on DATETIME(6) NULL,
    finished_on DATETIME(6) NULL,
    created_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_on DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_job_id_random (id_random),
    KEY ix_job_account (account_id, id),
    KEY ix_job_status (status, id),
    CONSTRAINT progress CHECK (progress BETWEEN 0 AND 100),
    CONSTRAINT fk_job_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
