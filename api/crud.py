"""/v3/crud: every registered object type through one set of routes.

Reads select the type's view inside the caller's account (and the URL parent); writes call the
type's procedures, which own validation, reference resolution and the tenant check.
"""

from starlette.responses import Response
from starlette.routing import Route

from api.auth import ROUTE_KEY, check_role, public_read_when
from api.body import read_object
from api.encoding import JSONResponse, dumps
from api.problems import Problem
from api.registry import quoted

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
CREDENTIAL_TYPES = {"account", "user"}
DONE = {"insert": "created", "update": "changed", "delete": "deleted"}


class Target:
    """What a /v3/crud URL names: a type, maybe under one parent object, maybe one object."""

    def __init__(self, request):
        registry = request.app.state.services.registry
        params = request.path_params
        if "parent" in params:
            self.parent, self.kind = registry.child(params["parent"], params["child"])
            self.parent_id = params["pid"]
        else:
            self.parent, self.kind, self.parent_id = None, registry.get(params["type"]), None
        self.id = params.get("id")
        self.auth = request.state.auth

    def url(self, id_random):
        if self.parent:
            return f"/v3/crud/{self.parent.name}/{self.parent_id}/{self.kind.name}/{id_random}"
        return f"/v3/crud/{self.kind.name}/{id_random}"

    def values(self):
        return {"account": self.auth.account_id, "parent": self.parent_id, "id": self.id}

    def not_found(self):
        where = f" in {self.parent.name} {self.parent_id}" if self.parent else ""
        return Problem(404, "not_found", f"There is no {self.kind.name} {self.id}{where} in your account.")


def where(kind, nested, one):
    """The one tenant filter of every read: the caller's account, the URL parent, the object."""
    clauses = ["`account_id` = %(account)s"]
    if nested:
        clauses.append(f"{quoted(kind.parent_field)} = %(parent)s")
    if one:
        clauses.append("`id_random` = %(id)s")
    return " AND ".join(clauses)


def list_sql(kind, nested):
    return (f"SELECT {kind.select_list} FROM {quoted(kind.view)} WHERE {where(kind, nested, False)}"
            f" ORDER BY {kind.order_by()} LIMIT %(limit)s OFFSET %(offset)s")


def object_sql(kind, nested):
    return f"SELECT {kind.select_list} FROM {quoted(kind.view)} WHERE {where(kind, nested, True)}"


async def resolve_target(request):
    services = request.app.state.services
    await services.ensure_registry()
    return Target(request)


def page(query):
    unknown = sorted(set(query) - {"limit", "offset"})
    if unknown:
        raise Problem(400, "unknown_parameter", f"Unknown query parameter: {unknown[0]}. Known: limit, offset.",
                      parameter=unknown[0])
    return _bounded(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT), _bounded(query, "offset", 0, 0, 10**9)


def _bounded(query, name, default, low, high):
    raw = query.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise Problem(400, "invalid_parameter", f"{name} must be a whole number from {low} to {high}.",
                      parameter=name)
    return int(raw)


async def type_is_public(scope):
    registry = await scope["app"].state.services.ensure_registry()
    params = scope[ROUTE_KEY].matches(scope)[1]["path_params"]
    kind = registry.types.get(params.get("child") or params.get("type"))
    return bool(kind and kind.public_read)


@public_read_when(type_is_public)
async def list_objects(request):
    target = await resolve_target(request)
    limit, offset = page(request.query_params)
    kind, db = target.kind, request.app.state.services.db
    rows = await db.fetch_all(list_sql(kind, bool(target.parent)),
                              {**target.values(), "limit": limit + 1, "offset": offset})
    if not rows and target.parent:
        await _require_parent(db, target)
    return JSONResponse({"data": [kind.public(row) for row in rows[:limit]], "has_more": len(rows) > limit})


async def _require_parent(db, target):
    parent = target.parent
    found = await db.fetch_one(object_sql(parent, False), {"account": target.auth.account_id, "id": target.parent_id})
    if not found:
        raise Problem(404, "not_found", f"There is no {parent.name} {target.parent_id} in your account.")


@public_read_when(type_is_public)
async def read_one(request):
    target = await resolve_target(request)
    kind = target.kind
    row = await request.app.state.services.db.fetch_one(object_sql(kind, bool(target.parent)), target.values())
    if row is None:
        raise target.not_found()
    return JSONResponse(kind.public(row))


async def create_object(request):
    target = await resolve_target(request)
    procedure = _procedure(target, "insert")
    body = await read_object(request)
    row = await _write(request, target, f"CALL {procedure}(%(type)s, %(account)s, %(parent)s, %(body)s)", body)
    return JSONResponse(row, 201, {"Location": target.url(row["id_random"])})


async def update_object(request):
    target = await resolve_target(request)
    procedure = _procedure(target, "update")
    body = await read_object(request)
    row = await _write(request, target, f"CALL {procedure}(%(type)s, %(account)s, %(parent)s, %(id)s, %(body)s)", body)
    return JSONResponse(row)


async def delete_object(request):
    target = await resolve_target(request)
    procedure = _procedure(target, "delete")
    await _write(request, target, f"CALL {procedure}(%(type)s, %(account)s, %(parent)s, %(id)s)", None)
    return Response(status_code=204)


def _procedure(target, operation):
    kind = target.kind
    check_role(target.auth, kind.write_role)
    procedure = getattr(kind, f"{operation}_procedure")
    if procedure is None:
        operations = (("update", "PATCH"), ("delete", "DELETE")) if target.id else (("insert", "POST"),)
        allowed = ["GET"] + [method for op, method in operations if kind.allows(op)]
        raise Problem(405, "method_not_allowed", f"{kind.name} objects cannot be {DONE[operation]} through the API.",
                      {"Allow": ", ".join(allowed)})
    return quoted(procedure)


async def _write(request, target, sql, body):
    services = request.app.state.services
    values = {
        "type": target.kind.name,
        "account": target.auth.account_id,
        "parent": target.parent_id,
        "id": target.id,
        "body": None if body is None else dumps(body).decode(),
    }
    if body is None:
        await services.db.execute(sql, values)
        row = None
    else:
        row = target.kind.public(await services.db.fetch_one(sql, values))
    if target.kind.name in CREDENTIAL_TYPES:
        await services.credentials.invalidate()
    return row


@public_read_when(type_is_public)
async def schema(request):
    services = request.app.state.services
    await services.ensure_registry()
    kind = services.registry.get(request.path_params["type"])
    return JSONResponse(kind.describe(services.registry))


def _both(path, endpoint, methods):
    """A route that answers with and without a trailing slash, without redirecting."""
    return [Route(path, endpoint, methods=methods), Route(path + "/", endpoint, methods=methods)]


def routes():
    return [
        *_both("/v3/crud/{type}/schema", schema, ["GET"]),
        *_both("/v3/crud/{type}", list_objects, ["GET"]),
        *_both("/v3/crud/{type}", create_object, ["POST"]),
        *_both("/v3/crud/{type}/{id}", read_one, ["GET"]),
        *_both("/v3/crud/{type}/{id}", update_object, ["PATCH"]),
        *_both("/v3/crud/{type}/{id}", delete_object, ["DELETE"]),
        *_both("/v3/crud/{parent}/{pid}/{child}", list_objects, ["GET"]),
        *_both("/v3/crud/{parent}/{pid}/{child}", create_object, ["POST"]),
        *_both("/v3/crud/{parent}/{pid}/{child}/{id}", read_one, ["GET"]),
        *_both("/v3/crud/{parent}/{pid}/{child}/{id}", update_object, ["PATCH"]),
        *_both("/v3/crud/{parent}/{pid}/{child}/{id}", delete_object, ["DELETE"]),
    ]
