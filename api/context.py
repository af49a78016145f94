"""The outermost middleware: request id, the matched route, one log line per request,
and the last line of defence that turns any escaped exception into problem+json. The route is
matched here once per request; MatchedRouter hands the request to it without matching again."""

import json
import logging
import re
import time
import itertools
import secrets

from starlette.routing import Match, Router

from api.auth import MATCH_KEY, ROUTE_KEY
from api.methods import NotAllowed
from api.problems import problem_for

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# A generated request id: 20 random hex digits per process, then a counter (32 hex digits in all;
# cheaper than a uuid4 per request, and as unique).
PROCESS_ID = secrets.token_hex(10)
SEQUENCE = itertools.count()
log = logging.getLogger("aether.request")


def match_route(routes, scope):
    """(route, child scope) as Starlette's Router would pick them: the first full match, else the
    first partial one as a NotAllowed (a 405 listing every method the path takes), else (None, None)."""
    partial = (None, None)
    for route in routes:
        match, child = route.matches(scope)
        if match == Match.FULL:
            return route, child
        if match == Match.PARTIAL and partial[0] is None:
            partial = route, child
    if partial[0] is not None:
        return NotAllowed(partial[0]), partial[1]
    return partial


class MatchedRouter(Router):
    """Starlette's Router, using the match RequestContext made for the request: a path no route
    matches is a 404 at once (routes match with or without a trailing slash, so there is nothing
    to redirect to, and nothing is matched twice)."""

    def __init__(self, routes, lifespan):
        super().__init__(routes=routes, lifespan=lifespan, redirect_slashes=False)

    async def app(self, scope, receive, send):
        if ROUTE_KEY not in scope:  # lifespan
            return await super().app(scope, receive, send)
        route = scope[ROUTE_KEY]
        if route is None:
            return await self.not_found(scope, receive, send)
        scope.setdefault("router", self)
        scope["route"] = route
        scope.update(scope[MATCH_KEY])
        await route.handle(scope, receive, send)


class RequestContext:
    def __init__(self, app, routes):
        self.app = app
        self.routes = routes

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        request_id = _request_id(scope)
        route, scope[MATCH_KEY] = match_route(self.routes, scope)
        scope[ROUTE_KEY] = route
        sent = {"status": None}

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            if sent["status"] is not None or scope["type"] != "http":
                raise
            await problem_for(exc).response()(scope, receive, send_with_id)
        finally:
            if log.isEnabledFor(logging.INFO):
                log.info(json.dumps({
                    "method": scope.get("method", "WS"),
                    "route": getattr(route, "path", None),
                    "status": sent["status"],
                    "ms": round((time.perf_counter() - started) * 1000, 2),
                    "request_id": request_id,
                }))


def _request_id(scope):
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if REQUEST_ID.match(text):
                return text
    return f"{PROCESS_ID}{next(SEQUENCE):012x}"
