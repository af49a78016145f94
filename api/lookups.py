"""/v3/lookup: ranked lookup lists (global defaults, account and object overrides), resolution of
any identity of an entry, and overrides. The ranking is lookup_list in SQL; ranked lists are
cached in Redis per account and dropped on any override or whitelist change."""

from starlette.responses import Response
from starlette.routing import Route

from api import search
from api.auth import check_role, requires
from api.body import read_object
from api.encoding import JSONResponse, dumps
from api.problems import Problem, check_parameters, invalid_parameter

CACHE_PREFIX = "aether:lookup:"
CACHE_TTL = 300
MAX_Q = 200
LIST_PARAMETERS = ("for_type", "for_id_random", "include_hidden", "include_disabled")


def cache_key(account_id_random):
    return CACHE_PREFIX + account_id_random


async def invalidate(services, account_id_random):
    await services.cache.delete(cache_key(account_id_random))


async def invalidate_all(cache):
    await cache.delete_matching(CACHE_PREFIX + "*")


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
    rows = await services.cache.hget_json(cache_key(auth.account_id_random), field)
    if rows is None:
        rows = await services.db.fetch_all(
            "CALL lookup_list(%(type)s, %(account)s, %(for_type)s, %(for_id)s, NULL, %(hidden)s, %(disabled)s)",
            {"type": kind, "account": auth.account_id, "for_type": for_type, "for_id": for_id,
             "hidden": hidden, "disabled": disabled},
        )
        await services.cache.hset_json(cache_key(auth.account_id_random), field, rows, CACHE_TTL)
    return JSONResponse({"data": rows})


async def resolve(request):
    services, auth = request.app.state.services, request.state.auth
    query = check_parameters(request.query_params, ("q", "for_type", "for_id_random"))
    q = query.get("q", "").strip()
    if not q or len(q) > MAX_Q:
        raise invalid_parameter("q", f"send what to resolve, 1 to {MAX_Q} characters")
    kind = request.path_params["lu_type"]
    row = await services.db.fetch_one(
        "CALL lookup_list(%(type)s, %(account)s, %(for_type)s, %(for_id)s, %(q)s, 0, 0)",
        {"type": kind, "account": auth.account_id, "for_type": query.get("for_type"),
         "for_id": query.get("for_id_random"), "q": q},
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
        Route("/v3/lookup/{lu_type}", list_entries, methods=["GET"]),
        Route("/v3/lookup/{lu_type}/", list_entries, methods=["GET"]),
        Route("/v3/lookup/{lu_type}/resolve", resolve, methods=["GET"]),
        Route("/v3/lookup/{lu_type}/overrides", batch_overrides, methods=["POST"]),
        Route("/v3/lookup/{lu_type}/{group:path}/override", put_override, methods=["PUT"]),
        Route("/v3/lookup/{lu_type}/{group:path}/override", delete_override, methods=["DELETE"]),
    ]
