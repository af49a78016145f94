"""/v3/lookup: ranked lookup lists (global defaults, account and object overrides), filtered,
searched and paged in SQL (lookup_list), resolution of any identity of an entry, and overrides.
Each page a list request asks for is cached in Redis under a key that names the account's
version: a change bumps the version (after it is committed), so a page read before the change
can never be served after it."""

import hashlib
import json
from collections import namedtuple
from dataclasses import dataclass

from starlette.responses import Response
from starlette.routing import Route

from api import search
from api.auth import check_role, requires
from api.body import read_object
from api.cache import CacheDown
from api.encoding import JSONResponse, dumps
from api.problems import Problem, check_parameters, invalid_parameter
from api.registry import names

CACHE_PREFIX = "aether:lookup:"
EPOCH_KEY = CACHE_PREFIX + "epoch"  # every account's lists (seed-lookups bumps it)
CACHE_TTL = 300
VERSION_TTL = 24 * 3600  # outlives every list cached under it
MAX_Q = 200
# A page holds every entry of most types; country_subdivision (5,000 entries) takes pages or a filter.
DEFAULT_LIMIT = MAX_LIMIT = 1000
LIST_PARAMETERS = ("for_type", "for_id_random", "include_hidden", "include_disabled", "q", "limit", "cursor")
TYPES_SQL = "SELECT name, description, extra_fields, resolve_fields, filter_fields FROM lu_type ORDER BY name"
# The order of every list, as search.make_cursor and read_cursor take a sort: group breaks ties.
Key = namedtuple("Key", "name sql_type")
ORDER = ((Key("sort", "int"), False), (Key("name", "varchar(200)"), False), (Key("group", "varchar(100)"), False))
# KEYS: the epoch, the account's version. ARGV: the account's prefix, the page's name. Answers the
# key the page lives under now, and the cached page (or nil), in one round trip.
READ = """
local key = ARGV[1] .. (redis.call('GET', KEYS[1]) or '0') .. '.' .. (redis.call('GET', KEYS[2]) or '0')
key = key .. ':' .. ARGV[2]
return {key, redis.call('GET', key)}
"""


def _version_key(account_id_random):
    return f"{CACHE_PREFIX}{account_id_random}:version"


async def cached(services, account_id_random, name, load):
    """The cached page, or load() stored under the version read before loading. Each page has a
    key of its own that expires CACHE_TTL after it was stored, however many pages are asked for."""
    try:
        key, raw = await services.cache.script(READ)(
            (EPOCH_KEY, _version_key(account_id_random)), (f"{CACHE_PREFIX}{account_id_random}:", name))
    except CacheDown:
        return await load()
    if raw is not None:
        return json.loads(raw)
    rows = await load()
    await services.cache.set_json(key.decode(), rows, CACHE_TTL)
    return rows


async def invalidate(services, account_id_random):
    await services.cache.bump(_version_key(account_id_random), VERSION_TTL)


async def invalidate_all(cache):
    await cache.bump(EPOCH_KEY)


def admin_flag(query, name, auth):
    if search.boolean_parameter(query, name):
        check_role(auth, "admin")
        return True
    return False


@dataclass(frozen=True)
class LookupType:
    """One row of lu_type: the fields every entry carries beyond the common ones, the fields
    resolve and q match, and the fields a list can be filtered by."""
    name: str
    description: str | None
    extra_fields: tuple
    resolve_fields: tuple
    filter_fields: tuple

    @classmethod
    def of(cls, row):
        return cls(row["name"], row["description"], names(row["extra_fields"]), names(row["resolve_fields"]),
                   names(row["filter_fields"]))

    def describe(self):
        return {"lu_type": self.name, "description": self.description, "extra_fields": list(self.extra_fields),
                "resolve_fields": list(self.resolve_fields), "filter_fields": list(self.filter_fields)}


async def lookup_types(app):
    """lu_type, read once per process like the object-type registry: restart after a migrate
    that changes it."""
    if getattr(app.state, "lookup_types", None) is None:
        rows = await app.state.services.db.fetch_all(TYPES_SQL)
        app.state.lookup_types = {row["name"]: LookupType.of(row) for row in rows}
    return app.state.lookup_types


async def lookup_type(request):
    kind = (await lookup_types(request.app)).get(request.path_params["lu_type"])
    if kind is None:
        raise Problem(404, "not_found", "lu_type: not a lookup type", field="lu_type")
    return kind


async def list_types(request):
    return JSONResponse({"data": [kind.describe() for kind in (await lookup_types(request.app)).values()]})


async def list_entries(request):
    """One page: {"data": [...], "has_more": bool, "next_cursor": ...}, as CRUD lists answer."""
    services, auth = request.app.state.services, request.state.auth
    kind = await lookup_type(request)
    query = check_parameters(request.query_params, (*LIST_PARAMETERS, *kind.filter_fields))
    hidden, disabled = admin_flag(query, "include_hidden", auth), admin_flag(query, "include_disabled", auth)
    limit, after = search.page_parameters(query, services.settings.cursor_key, ORDER, DEFAULT_LIMIT, MAX_LIMIT)
    values = {"type": kind.name, "account": auth.account_id, "for_type": query.get("for_type"),
              "for_id": query.get("for_id_random"), "filters": _filters(query, kind), "q": _text(query, "q"),
              "after": _position(after), "limit": limit + 1, "hidden": hidden, "disabled": disabled}
    rows = await cached(services, auth.account_id_random, _page_name(values), lambda: services.db.fetch_all(
        "CALL lookup_list(%(type)s, %(account)s, %(for_type)s, %(for_id)s, %(filters)s, %(q)s, %(after)s,"
        " %(limit)s, %(hidden)s, %(disabled)s)",
        values,
        write=False,
    ))
    page, has_more = rows[:limit], len(rows) > limit
    cursor = search.make_cursor(services.settings.cursor_key, ORDER, page[-1]) if has_more else None
    return JSONResponse({"data": page, "has_more": has_more, "next_cursor": cursor})


def _text(query, name):
    """A text parameter sent at most once, up to MAX_Q characters, or None."""
    sent = query.getlist(name)
    if len(sent) > 1 or any(len(text) > MAX_Q for text in sent):
        raise invalid_parameter(name, f"send it once, up to {MAX_Q} characters")
    return sent[0] if sent else None


def _filters(query, kind):
    """The type's filter fields the query string names, as lookup_list's JSON object, or None."""
    filters = {name: _text(query, name) for name in kind.filter_fields if name in query}
    return dumps(filters).decode() if filters else None


def _position(after):
    """The [sort, name, group] a cursor carries, as lookup_list's JSON, or None."""
    if after is None:
        return None
    if not (type(after[0]) is int and -2**31 <= after[0] < 2**31 and isinstance(after[1], str)
            and isinstance(after[2], str)):
        raise invalid_parameter("cursor", "not a cursor this API gave out")
    return dumps(after).decode()


def _page_name(values):
    """The cache key part that names one page: the type, then a digest of everything else."""
    asked = dumps({name: value for name, value in values.items() if name != "account"})
    return f"{values['type']}:{hashlib.sha256(asked).hexdigest()[:32]}"


async def resolve(request):
    services, auth = request.app.state.services, request.state.auth
    query = check_parameters(request.query_params, ("q", "for_type", "for_id_random"))
    q = query.get("q", "").strip()
    if not q or len(q) > MAX_Q:
        raise invalid_parameter("q", f"send what to resolve, 1 to {MAX_Q} characters")
    kind = request.path_params["lu_type"]
    row = await services.db.fetch_one(
        "CALL lookup_resolve(%(type)s, %(account)s, %(for_type)s, %(for_id)s, %(q)s)",
        {"type": kind, "account": auth.account_id, "for_type": query.get("for_type"),
         "for_id": query.get("for_id_random"), "q": q},
        write=False,
    )
    if row is None:
        raise Problem(404, "not_found", f"No {kind} entry matches {q!r} for your account.")
    return JSONResponse(row)


@requires("admin")
async def put_override(request):
    body = await read_object(request)
    row = await _override_write(request, "CALL lookup_override_set(%(type)s, %(account)s, %(group)s, %(body)s)",
                                {"group": request.path_params["group"], "body": dumps(body).decode()})
    return JSONResponse(row)


@requires("admin")
async def delete_override(request):
    query = check_parameters(request.query_params, ("for_type", "for_id_random"))
    await _override_write(
        request, "CALL lookup_override_delete(%(type)s, %(account)s, %(group)s, %(for_type)s, %(for_id)s)",
        {"group": request.path_params["group"], "for_type": query.get("for_type"),
         "for_id": query.get("for_id_random")}, rows=False)
    return Response(status_code=204)


@requires("admin")
async def batch_overrides(request):
    body = await read_object(request)
    if set(body) != {"overrides"}:
        raise Problem(422, "invalid_field", "overrides: send {\"overrides\": [...]}", field="overrides")
    row = await _override_write(request, "CALL lookup_override_batch(%(type)s, %(account)s, %(items)s)",
                                {"items": dumps(body["overrides"]).decode()})
    return JSONResponse(row)


async def _override_write(request, sql, values, rows=True):
    services, auth = request.app.state.services, request.state.auth
    values = {"type": request.path_params["lu_type"], "account": auth.account_id, **values}
    if rows:
        row = await services.db.fetch_one(sql, values)
    else:
        row = await services.db.execute(sql, values)
    await invalidate(services, auth.account_id_random)
    return row


def routes():
    return [
        Route("/v3/lookup", list_types, methods=["GET"]),
        Route("/v3/lookup/{lu_type:name}", list_entries, methods=["GET"]),
        Route("/v3/lookup/{lu_type:name}/resolve", resolve, methods=["GET"]),
        Route("/v3/lookup/{lu_type:name}/overrides", batch_overrides, methods=["POST"]),
        Route("/v3/lookup/{lu_type:name}/{group:path}/override", put_override, methods=["PUT"]),
        Route("/v3/lookup/{lu_type:name}/{group:path}/override", delete_override, methods=["DELETE"]),
    ]
