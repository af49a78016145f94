"""The ASGI application: `api.app:app`, built from the environment."""

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Route

from api import (actions, apikeys, crud, discovery, ids, integrations, jobs, legacy, legacy_v1, login, lookups,
                 openapi, people)
from api.actions.storage import BlobStore
from api.integrations import outbound
from api.auth import AuthMiddleware, Authenticator
from api.cache import Cache
from api.config import Settings
from api.context import MatchedRouter, RequestContext
from api.credentials import Credentials
from api.db import Database
from api.health import health
from api.mail import Mailer
from api.problems import from_http_exception
from api.registry import Registry
from api.throttle import LoginThrottle


@dataclass
class Services:
    settings: Settings
    db: Database
    cache: Cache
    credentials: Credentials
    mailer: Mailer | None = None
    files: BlobStore | None = None
    queue: object = None  # the saq job queue (api/jobs.py)
    http: object = None  # the httpx client for outside services (api/integrations/outbound.py)
    registry: Registry | None = None
    throttle: LoginThrottle | None = None  # only the server takes logins
    _loading: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def ensure_registry(self):
        """The registry is read once per process, at startup or, if the database was down then,
        on the first request that needs it."""
        if self.registry is None:
            async with self._loading:
                if self.registry is None:
                    self.registry = await Registry.load(self.db)
        return self.registry


def routes():
    ids.register_url_convertors()
    return ids.anchored([
        *discovery.routes(),
        Route("/health", health, methods=["GET"]),
        Route("/openapi.json", openapi.openapi_json, methods=["GET"]),
        Route("/docs", openapi.docs, methods=["GET"]),
        Route("/docs/static/{file:str}", openapi.docs_static, methods=["GET"]),
        Route("/v3/auth/login", login.login, methods=["POST"]),
        Route("/v3/auth/me", login.me, methods=["GET"]),
        Route("/v3/auth/api-keys", apikeys.list_keys, methods=["GET"]),
        Route("/v3/auth/api-keys", apikeys.create_key, methods=["POST"]),
        Route("/v3/auth/api-keys/{id:id}", apikeys.revoke_key, methods=["DELETE"]),
        *people.routes(),
        *legacy_v1.routes(),
        *legacy.routes(),
        *crud.routes(),
        *lookups.routes(),
        *actions.routes(),
        *integrations.routes(),
    ])


def create_app(settings=None):
    settings = (settings or Settings.from_env()).check()
    logging.basicConfig(level=settings.log_level.upper(), format="%(message)s")
    db = Database(settings.db_url, settings.db_pool_size, settings.db_pool_max_overflow,
                  settings.db_read_timeout_seconds)
    cache = Cache(settings.redis_url)
    credentials = Credentials(db, cache, settings.credential_cache_seconds)
    services = Services(settings, db, cache, credentials, Mailer(settings), BlobStore(settings.files_dir),
                        jobs.queue(settings), outbound.client(settings), throttle=LoginThrottle(cache))
    table = routes()
    app = Starlette(
        routes=table,
        middleware=[
            Middleware(RequestContext, routes=table),
            Middleware(AuthMiddleware, authenticator=Authenticator(services.credentials, settings.jwt_key)),
        ],
        exception_handlers={HTTPException: lambda request, exc: from_http_exception(exc).response()},
        lifespan=lifespan,
    )
    app.router = MatchedRouter(routes=table, lifespan=lifespan)
    app.state.services = services
    return app


@contextlib.asynccontextmanager
async def lifespan(app):
    services = app.state.services
    await services.db.start()
    with contextlib.suppress(Exception):
        await services.ensure_registry()
    follower = asyncio.create_task(services.credentials.memo.follow(services.cache))
    try:
        yield
    finally:
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await follower
        await services.db.stop()
        await services.cache.close()
        with contextlib.suppress(Exception):
            await services.queue.disconnect()
        await services.http.aclose()


def __getattr__(name):
    # `api.app:app` is built on first access, so importing this module reads no environment.
    if name == "app":
        globals()["app"] = create_app()
        return globals()["app"]
    raise AttributeError(name)
