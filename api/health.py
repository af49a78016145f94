import asyncio
import os

from api.auth import public
from api.encoding import JSONResponse
from api.problems import Problem

DB_TIMEOUT = 2


@public
async def health(request):
    services = request.app.state.services
    db_ok, redis_ok = await asyncio.gather(_db_answers(services.db), services.cache.ping())
    checks = {"db": "ok" if db_ok else "down", "redis": "ok" if redis_ok else "down"}
    if not db_ok:
        raise Problem(503, "db_down", "The database is down.", {"Retry-After": "1"}, **checks)
    return JSONResponse({"status": "ok" if redis_ok else "degraded", **checks, "worker": os.getpid()})


async def _db_answers(db):
    try:
        return await asyncio.wait_for(db.fetch_val("SELECT 1"), DB_TIMEOUT) == 1
    except Exception:
        return False
