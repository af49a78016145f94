"""/v3/lookup: ranked lookup lists (global defaults, account and object overrides), resolution of
any identity of an entry, and overrides. The ranking is lookup_select in SQL; ranked lists are
cached in Redis per account, under keys that name the account's version: a change bumps the
version (after it is committed), so a list read before the change can never be served after it."""

import json

from starlette.responses import Response
from starlette.routing import Route

from api import search
from api.auth import check_role, requires
from api.body import read_object
from api.cache import CacheDown
from api.encoding import JSONResponse, dumps
from api.problems import Problem, check_parameters, invalid_parameter

CACHE_PREFIX = "aether:lookup:"
EPOCH_KEY = CACHE_PREFIX + "epoch"  # every account's lists (seed-lookups bumps it)
CACHE_TTL = 300
VERSION_TTL = 24 * 3600  # outlives every list cached under it
MAX_Q = 200
LIST_PARAMETERS = ("for_type", "for_id_random", "include_hidden", "include_disabled")
# KEYS: the epoch, the account's version. ARGV: the account's prefix, the field. Answers the hash
# the account's lists live in now, and the field's cached list (or nil), in one round trip.
READ = """
local key = ARGV[1] .. (redis.call('GET', KEYS[1]) or '0') .. '.' .. (redis.call('GET', KEYS[2]) or '0')
return {key, redis.call('HGET', key, ARGV[2])}
"""


def _version_key(account_id_random):
    return f"{CACHE_PREFIX}{account_id_random}:version"


async def cached(services, account_id_random, field, load):
    """The cached list, or load() stored under the version read before loading."""
    try:
        key, raw = await services.cache.script(READ)(
            (EPOCH_KEY, _version_key(account_id_random)), (f"{CACHE_PREFIX}{account_id_random}:", field))
    except CacheDown:
        return await load()
    if raw is not None:
        return json.loads(raw)
    rows = await load()
    await services.cache.hset_json(key.decode(), field, rows, CACHE_TTL)
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


async def list_types(request):
    rows = await request.app.state.services.db.fetch_all(
        "SELECT name AS lu_type, description, extra_fields, resolve_fields FROM lu_type ORDER BY name")
    return JSONResponse({"data": [
        {**row, "extra_fields": _names(row["extra_fields"]), "resolve_fields": _names(row["resolve_fields"])}
        for row in rows]})


def _names(text):
    return [name for name in text.split(",") if name]


async def list_entries(request):
    services, auth = request.app.state.services, request.state.auth
    query = check_parameters(request.query_params, LIST_PARAMETERS)
    kind = request.path_params["lu_type"]
    hidden, disabled = admin_flag(query, "include_hidden", auth), admin_flag(query, "include_disabled", auth)
    for_type, for_id = query.get("for_type"), query.get("for_id_random")
    field = f"{kind}|{for_type or ''}|{for_id or ''}|{int(hidden)}{int(disabled)}"
    rows = await cached(services, auth.account_id_random, field, lambda: services.db.fetch_all(
        "CALL lookup_list(%(type)s, %(account)s, %(for_type)s, %(for_id)s, NULL, NULL, NULL, NULL, %(hidden)s,"
        " %(disabled)s)",
        {"type": kind, "account": auth.account_id, "for_type": for_type, "for_id": for_id,
         "hidden": hidden, "disabled": disabled},
        write=False,
    ))
    return JSONResponse({"data": rows})


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
        Route("/v3/lookup/", list_types, methods=["GET"]),
        Route("/v3/lookup/{lu_type:name}", list_entries, methods=["GET"]),
        Route("/v3/lookup/{lu_type:name}/", list_entries, methods=["GET"]),
        Route("/v3/lookup/{lu_type:name}/resolve", resolve, methods=["GET"]),
        Route("/v3/lookup/{lu_type:name}/overrides", batch_overrides, methods=["POST"]),
        Route("/v3/lookup/{lu_type:name}/{group:path}/override", put_override, methods=["PUT"]),
        Route("/v3/lookup/{lu_type:name}/{group:path}/override", delete_override, methods=["DELETE"]),
    ]
