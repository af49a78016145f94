"""Background jobs: a row in MariaDB (`job`, what clients read, the truth) and an entry in the
saq queue on Redis (what makes a worker run it).

A job runs through `run_job` on an `aether worker`: it claims the row (job_start), runs the
job type's runner, and records the end in the same transaction as what the runner made
(job_finish), so a job is recorded once even if two workers ever held it. A worker that dies
stops touching its saq heartbeat; saq's sweep then hands the job to another worker. A worker
also puts back into the queue, at start and every minute, any job the queue has lost (Redis
restarted empty, or the API could not reach it when the job was made).
"""

import asyncio
import contextlib
import json
import logging

from saq import Queue

from api.db import DbUrl
from api.encoding import dumps
from api.problems import problem_for

ATTEMPTS = 5  # saq retries a job whose worker died this many times
REQUEUE_AFTER_SECONDS = 10  # a queued job older than this that the queue does not hold is put back
JOB_SQL = ("SELECT id_random, type, status, progress, params_json, result_json, error, attempts, started_on,"
           " finished_on, created_on, updated_on FROM v_job WHERE account_id = %(account)s AND id_random = %(id)s")
LOST_SQL = ("SELECT id_random FROM job WHERE status IN ('queued', 'running')"
            " AND created_on < NOW(6) - INTERVAL %(age)s SECOND ORDER BY id")
JSON_FIELDS = ("params_json", "result_json")

log = logging.getLogger("aether.jobs")
# job type -> async runner(services, job, finish). `job`: account_id, id_random, type, params, and
# progress(percent); the runner records its end by calling `await finish(tx, result)` inside
# the transaction that writes what it made.
RUNNERS = {}


class JobLost(Exception):
    """The job is no longer this worker's to finish (cancelled, or claimed by another)."""


def queue(settings):
    """The queue of this database's jobs (a Redis may serve several databases)."""
    return Queue.from_url(settings.redis_url, name=f"aether:{DbUrl.parse(settings.db_url).database}")


def runner(job_type):
    def register(function):
        RUNNERS[job_type] = function
        return function
    return register


async def submit(services, account_id, job_type, params):
    """A new queued job of the account; answers it as a client reads it."""
    row = await services.db.fetch_one("CALL job_create(%(account)s, %(type)s, %(params)s)",
                                      {"account": account_id, "type": job_type, "params": dumps(params).decode()})
    await enqueue(services, row["id_random"])
    return await read(services.db, account_id, row["id_random"])


async def enqueue(services, id_random):
    """Puts a job into the queue; a job the queue holds already is left alone. When Redis does
    not answer, a worker puts the job back later (see requeue_lost)."""
    settings = services.settings
    try:
        await services.queue.enqueue("run_job", key=id_random, job=id_random, retries=ATTEMPTS,
                                     timeout=settings.media_timeout_seconds + 60,
                                     heartbeat=settings.job_heartbeat_seconds)
    except Exception as exc:
        log.warning("could not queue job %s (a worker will queue it): %s", id_random, exc)


async def read(db, account_id, id_random):
    row = await db.fetch_one(JOB_SQL, {"account": account_id, "id": id_random})
    if row is not None:
        for name in JSON_FIELDS:
            row[name] = json.loads(row[name]) if isinstance(row[name], str) else row[name]
    return row


async def cancel(services, account_id, id_random):
    """Marks the job cancelled (409 when it has ended) and asks the queue to stop it."""
    await services.db.fetch_one("CALL job_cancel(%(account)s, %(id)s)", {"account": account_id, "id": id_random})
    with contextlib.suppress(Exception):  # the worker also sees the row and stops
        queued = await services.queue.job(id_random)
        if queued is not None:
            await services.queue.abort(queued, "cancelled")
    return await read(services.db, account_id, id_random)


async def requeue_lost(services, age=REQUEUE_AFTER_SECONDS):
    for row in await services.db.fetch_all(LOST_SQL, {"age": age}):
        await enqueue(services, row["id_random"])


async def run_job(ctx, *, job):
    """saq's entry point on a worker: one job, from claim to recorded end."""
    services, worker_id = ctx["services"], ctx["worker"].id
    claimed = await services.db.fetch_one("CALL job_start(%(id)s, %(worker)s, %(attempts)s)",
                                          {"id": job, "worker": worker_id, "attempts": ATTEMPTS})
    if claimed is None:
        log.info("job %s is not there to run (cancelled or ended); dropped", job)
        return
    row = await services.db.fetch_one("SELECT account_id, type, params_json FROM job WHERE id_random = %(id)s",
                                      {"id": job})
    state = {"progress": 0}
    beat = asyncio.create_task(_heartbeat(services, ctx["job"], job, worker_id, state, asyncio.current_task()))
    try:
        await _run(services, job, worker_id, row, state)
    except asyncio.CancelledError:
        await _finish(services.db, job, worker_id, "queued")  # a no-op when the job was cancelled
        raise
    finally:
        beat.cancel()


async def _run(services, job, worker_id, row, state):
    async def finish(tx, result):
        recorded = await tx.fetch_one(FINISH_SQL, _finished(job, worker_id, "succeeded", result))
        if not recorded["recorded"]:
            raise JobLost(job)
    work = {"account_id": row["account_id"], "id_random": job, "type": row["type"], "params": json.loads(row["params_json"]),
            "progress": lambda percent: state.update(progress=percent)}
    try:
        await RUNNERS[row["type"]](services, work, finish)
    except JobLost:
        log.info("job %s was cancelled or taken over while it ran; its result was discarded", job)
    except Exception as exc:
        await _finish(services.db, job, worker_id, "failed", error=problem_for(exc).detail)


FINISH_SQL = "CALL job_finish(%(id)s, %(worker)s, %(status)s, %(result)s, %(error)s)"


def _finished(job, worker_id, status, result=None, error=None):
    return {"id": job, "worker": worker_id, "status": status,
            "result": None if result is None else dumps(result).decode(), "error": error}


async def _finish(db, job, worker_id, status, error=None):
    try:
        await db.fetch_one(FINISH_SQL, _finished(job, worker_id, status, error=error))
    except Exception as exc:
        log.warning("could not record job %s as %s: %s", job, status, exc)


async def _heartbeat(services, queued, job, worker_id, state, work):
    """Touches the saq job (so the sweep knows this worker lives) and writes the progress; a
    job cancelled, or no longer this worker's, is stopped at once."""
    period = max(services.settings.job_heartbeat_seconds / 3, 0.2)
    while True:
        await asyncio.sleep(period)
        with contextlib.suppress(Exception):
            await queued.update()
        try:
            row = await services.db.fetch_one("CALL job_progress(%(id)s, %(worker)s, %(progress)s)",
                                              {"id": job, "worker": worker_id, "progress": state["progress"]})
        except Exception:
            continue  # the database did not answer: keep going, the finish will tell
        if not row["holds"]:
            log.info("job %s was cancelled or taken over; stopping it", job)
            work.cancel()
            return
