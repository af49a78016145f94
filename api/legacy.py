"""The old system's URLs (`/api/...`, `/crud/...`, `/v2/crud/...`): each one with a V3 equivalent
answers 307 (GET, HEAD) or 308 (any other method: the method and body are kept) to it, with
Deprecation (RFC 9745), Sunset (RFC 8594) and a successor-version Link; the rest of those prefixes
answer 410 naming the V3 way. The mapping is the data in MOVED, copied into README's table.

A redirect reveals nothing, so these routes answer without credentials; when the caller sends a
valid API key or token, the warning line names its key id.
"""

import logging
import re
from email.utils import formatdate

from starlette.responses import RedirectResponse
from starlette.routing import Route

from api.auth import Authenticator, public
from api.methods import allowed_methods
from api.problems import Problem, method_not_allowed

log = logging.getLogger("aether.legacy")

DEPRECATED_AT = 1773187200  # 2026-03-11T00:00:00Z
SUNSET_AT = DEPRECATED_AT + 365 * 86400
DEPRECATION = f"@{DEPRECATED_AT}"
SUNSET = formatdate(SUNSET_AT, usegmt=True)
KEEPS_METHOD = {"GET": 307, "HEAD": 307}  # anything else: 308

CRUD_TYPE = ("GET", "POST")
CRUD_OBJECT = ("GET", "PATCH", "DELETE")
# (methods, old pattern, V3 template, note): the old URL redirects there for those methods.
MOVED = (
    (("POST",), "/api/hosted_file/{id:id}/clip_video", "/v3/action/hosted_file/{id}/clip_video",
     "clip a video: an action now"),
    (("POST",), "/v3/crud/hosted_file/{id:id}/clip_video", "/v3/action/hosted_file/{id}/clip_video",
     "clip a video: an action now"),
    (CRUD_TYPE, "/crud/{type:name}", "/v3/crud/{type}", "list or create"),
    (CRUD_OBJECT, "/crud/{type:name}/{id:id}", "/v3/crud/{type}/{id}", "read, change or delete one"),
    (("POST",), "/crud/{type:name}/search", "/v3/crud/{type}/search", "search"),
    (CRUD_TYPE, "/v2/crud/{type:name}", "/v3/crud/{type}", "list or create"),
    (("GET",), "/v2/crud/{type:name}/schema", "/v3/crud/{type}/schema", "the type's schema"),
    (("POST",), "/v2/crud/{type:name}/search", "/v3/crud/{type}/search", "search"),
    (CRUD_OBJECT, "/v2/crud/{type:name}/{id:id}", "/v3/crud/{type}/{id}", "read, change or delete one"),
    (CRUD_TYPE, "/v2/crud/{parent:name}/{pid:id}/{child:name}", "/v3/crud/{parent}/{pid}/{child}",
     "list or create under a parent"),
    (CRUD_OBJECT, "/v2/crud/{parent:name}/{pid:id}/{child:name}/{id:id}",
     "/v3/crud/{parent}/{pid}/{child}/{id}", "one object under its parent"),
)
# (old prefix, what to use now): every other URL under the prefix is gone.
GONE = (
    ("/api", "The /api/ routes are gone: objects are at /v3/crud/{type}/ (GET /v3/crud/{type}/schema "
             "describes one), actions at /v3/action/, memory events at /api/v1/spirits and /api/v1/events."),
    ("/crud", "The /crud/ routes are gone: use /v3/crud/{type}/ (and /v3/crud/{parent}/{id}/{child}/)."),
    ("/v2/crud", "The /v2/crud/ routes are gone: use /v3/crud/{type}/ (and /v3/crud/{parent}/{id}/{child}/)."),
)
GONE_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
CONVERTOR = re.compile(r"\{(\w+):\w+\}")


def successor(template, params, query):
    """The V3 URL for an old one: the template filled with the old URL's parameters, same query."""
    target = template.format(**params)
    return f"{target}?{query}" if query else target


def moved_to(template):
    async def redirect(request):
        target = successor(template, request.path_params, request.url.query)
        await log_access(request, target)
        return RedirectResponse(target, KEEPS_METHOD.get(request.method, 308), headers={
            "Deprecation": DEPRECATION,
            "Sunset": SUNSET,
            "Link": f'<{target}>; rel="successor-version"',
        })
    return public(redirect)


def gone(instead):
    async def answer(request):
        await refuse_other_methods(request.scope)
        await log_access(request, None)
        raise Problem(410, "gone", f"{request.method} {request.url.path} is no longer served. {instead}",
                      {"Deprecation": DEPRECATION, "Sunset": SUNSET}, instead=instead)
    answer.gone = instead
    return public(answer)


async def refuse_other_methods(scope):
    """A URL a route serves with other methods is a 405 listing them, not gone."""
    served = [route for route in scope["router"].routes if getattr(route.endpoint, "gone", None) is None]
    allowed = await allowed_methods(served, scope)
    if allowed:
        raise method_not_allowed(scope["method"], allowed)


async def log_access(request, target):
    caller = await key_id(request)
    where = f" -> {target}" if target else " (gone)"
    log.warning("!!! DEPRECATED ROUTE ACCESSED: %s %s%s by %s", request.method, request.url.path, where, caller)


async def key_id(request):
    """The id_random of the caller's API key (or of the person, for a login token), else
    "anonymous": read from request.state.auth when the middleware set it, else from the headers."""
    auth = getattr(request.state, "auth", None)
    if auth is None:
        services = request.app.state.services
        try:
            auth = await Authenticator(services.credentials, services.settings.jwt_key).authenticate(request.headers)
        except Exception:
            return "anonymous"
    return auth.principal_id_random or "anonymous"


def gone_path(prefix):
    return f"{prefix}/{{rest:path}}"


def routes():
    """The redirecting routes, then a catch-all per old prefix (longest prefix first)."""
    moved = [Route(old, moved_to(new), methods=list(methods)) for methods, old, new, _ in MOVED]
    catch_all = [Route(gone_path(prefix), gone(instead), methods=list(GONE_METHODS))
                 for prefix, instead in sorted(GONE, key=lambda row: -len(row[0]))]
    return moved + catch_all


def readme_table():
    """The README table of MOVED, one row per line."""
    lines = ["| Methods | Old URL | Now | |", "|---|---|---|---|"]
    for methods, old, new, note in MOVED:
        plain = CONVERTOR.sub(r"{\1}", old)
        lines.append(f"| {', '.join(methods)} | `{plain}` | `{new}` | {note} |")
    return "\n".join(lines)
