"""What every integration's sync shares: one run at a time per subject (a Redis lock with an
expiry: a second run is a 409), and a sync_run row recording it (when, dry run or not, the
report or the error)."""

import contextlib

from api.encoding import dumps
from api.problems import Problem, problem_for

LOCK_SECONDS = 3600


async def recorded(services, account_id, site, kind, dry_run, work):
    """Runs `await work()` (it answers the report) under the lock of (kind, site), recorded."""
    async with _locked(services.cache, f"aether:lock:{kind}_sync:{site or account_id}"):
        run = await services.db.fetch_one("CALL sync_run_start(%(account)s, %(site)s, %(kind)s, %(dry)s)",
                                          {"account": account_id, "site": site, "kind": kind, "dry": int(dry_run)})
        try:
            report = {"dry_run": dry_run, "run_id_random": run["id_random"], **await work()}
        except Exception as exc:
            await _finish(services.db, run["id_random"], "failed", error=problem_for(exc).detail)
            raise
        await _finish(services.db, run["id_random"], "succeeded", report)
        return report


async def _finish(db, run, status, report=None, error=None):
    await db.execute("CALL sync_run_finish(%(run)s, %(status)s, %(report)s, %(error)s)",
                     {"run": run, "status": status, "report": None if report is None else dumps(report).decode(),
                      "error": error})


@contextlib.asynccontextmanager
async def _locked(cache, key):
    try:
        taken = await cache.client.set(key, "1", nx=True, ex=LOCK_SECONDS)
    except Exception:
        raise Problem(503, "lock_unavailable", "The sync lock lives in Redis, which does not answer; try again "
                      "later.", {"Retry-After": "30"}) from None
    if not taken:
        raise Problem(409, "sync_running", "A sync of this site is running; wait for it to end.")
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            await cache.client.delete(key)
