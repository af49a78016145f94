"""`aether worker`: runs background jobs (api/jobs.py) and the schedules, on the saq queue.

Run one or more beside `aether serve`, on machines that see the same MariaDB, Redis and
AE_FILES_DIR. SIGTERM or SIGINT stops a worker: the jobs it was running go back to the queue.
"""

import asyncio
import logging
import os
import socket

from saq import CronJob, Worker

from api import jobs
from api.actions import media  # noqa: F401  (registers the media runners)
from api.actions.storage import BlobStore, collect_garbage
from api.cache import Cache
from api.integrations import outbound
from api.credentials import Credentials
from api.db import Database, connect_sync

log = logging.getLogger("aether.worker")


async def files_gc(ctx):
    """The schedule of `aether files-gc` (AE_FILES_GC_CRON)."""
    settings = ctx["services"].settings
    report = await asyncio.to_thread(_collect, settings)
    log.info("files-gc: %s", report)
    return report


def _collect(settings):
    with connect_sync(settings.db_url) as connection:
        return collect_garbage(BlobStore(settings.files_dir), connection)


async def mailman_sync(ctx):
    """The schedule of `aether sync-mailman` (AE_MAILMAN_SYNC_CRON)."""
    from api.integrations import mailman_sync as sync

    reports = await sync.sync_all(ctx["services"])
    log.info("mailman sync: %d sites", len(reports))
    return reports


async def zoom_sync(ctx):
    """The schedule of `aether sync-zoom` (AE_ZOOM_SYNC_CRON)."""
    from api.integrations import zoom_runs

    reports = await zoom_runs.sync_all(ctx["services"])
    log.info("zoom sync: %d accounts", len(reports))
    return reports


async def requeue_lost(ctx):
    """Every minute: jobs MariaDB holds as queued or running that the queue has lost."""
    await jobs.requeue_lost(ctx["services"])


def build(settings):
    from api.app import Services

    db = Database(settings.db_url, settings.worker_concurrency + 2, 2, settings.db_read_timeout_seconds)
    cache = Cache(settings.redis_url)
    services = Services(settings, db, cache, Credentials(db, cache), files=BlobStore(settings.files_dir),
                        queue=jobs.queue(settings), http=outbound.client(settings))
    schedules = [CronJob(requeue_lost, cron="* * * * *", timeout=60)]
    if settings.files_gc_cron:
        schedules.append(CronJob(files_gc, cron=settings.files_gc_cron, timeout=3600))
    if settings.mailman_sync_cron:
        schedules.append(CronJob(mailman_sync, cron=settings.mailman_sync_cron, timeout=3600))
    if settings.zoom_sync_cron:
        schedules.append(CronJob(zoom_sync, cron=settings.zoom_sync_cron, timeout=3600))

    async def startup(ctx):
        ctx["services"] = services
        await db.start()
        await services.ensure_registry()
        await jobs.requeue_lost(services, age=0)

    async def shutdown(ctx):
        await db.stop()
        await cache.close()
        await services.http.aclose()

    heartbeat = settings.job_heartbeat_seconds
    return Worker(services.queue, functions=[("run_job", jobs.run_job)], cron_jobs=schedules,
                  concurrency=settings.worker_concurrency, startup=startup, shutdown=shutdown,
                  id=f"{socket.gethostname()}:{os.getpid()}",
                  timers={"sweep": max(1, heartbeat // 2), "abort": 1, "schedule": 1})


def run(settings):
    logging.basicConfig(level=settings.log_level.upper(), format="%(message)s")
    asyncio.run(build(settings).start())
