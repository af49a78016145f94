"""/v3/crud: every registered object type through one set of routes.

Reads select the type's view inside the caller's account (and the URL parent); writes call the
type's procedures, which own validation, reference resolution and the tenant check.
"""

import json

from starlette.responses import Response
from starlette.routing import Route

from api import encoding, lookups, people, rules, search
from api.auth import MATCH_KEY, check_role, public_read_when, requires
from api.body import read_object
from api.encoding import JSONResponse, dumps
from api.methods import not_allowed, offered_when
from api.problems import Problem, check_parameters, from_db_error, is_db_error
from api.registry import JSON_COLUMN, quoted

# Caches a write to these types makes stale: credentials (memberships, accounts) and lookup lists
# (an account's whitelist lives in data_store).
AFTER_WRITE = {
    "account": lambda services, auth: services.credentials.invalidate(),
    "user": lambda services, auth: services.credentials.invalidate(),
    "data_store": lambda services, auth: lookups.invalidate(services, auth.account_id_random),
}
# What a delete of these types leaves to clean up outside the database, given the row its
# procedure answered.
AFTER_DELETE = {
    "hosted_file": lambda services, row: services.files.forget(services.db, row["hash_sha256"]),
}
DONE = {"insert": "created", "update": "changed", "delete": "deleted"}
JSON = "application/json"
# The generic write procedures: the API calls the ones migrate generated for the type instead
# (api/write_procedures.py), skipping the dispatch.
GENERATED = {"crud_insert": "insert__", "crud_update": "update__"}
# data_store codes that are lookup policy (lookup_list reads them): written by admins only.
POLICY_CODES = {"lookup_whitelist"}
# Types whose new object is mailed to someone: the mail carries what the answer never shows (a
# token). The mail must be able to leave before anything is written.
MAILED = {"user_invitation": people.mail_invitation}
# Where to go instead, for an operation a type does not offer.
UPLOAD = ("Files are created by uploading them: POST /v3/action/event/{event_id_random}/upload, "
          "multipart/form-data with a part named file.")
INSTEAD = {
    ("user", "insert"): "People join an account by accepting an invitation: "
                        "POST /v3/crud/user_invitation/ with their email and role.",
    ("hosted_file", "insert"): UPLOAD,
    ("event_file", "insert"): UPLOAD,
}


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

    def check_read(self):
        """The type's read_role (and its URL parent's): what it takes to see these objects."""
        for kind in (self.parent, self.kind):
            if kind is not None:
                check_role(self.auth, kind.read_role)

    def values(self):
        return {"account": self.auth.account_id, "parent": self.parent_id, "id": self.id}

    def not_found(self):
        where = f" in {self.parent.name} {self.parent_id}" if self.parent else ""
        return Problem(404, "not_found", f"There is no {self.kind.name} {self.id}{where} in your account.")


async def resolve_target(request):
    services = request.app.state.services
    await services.ensure_registry()
    return Target(request)


def offers(operation=lambda kind: True):
    """A /v3/crud route offers its methods at a URL (api.methods asks, for a 405's Allow) when the
    URL names a type (under its URL parent) that offers `operation`."""
    async def check(scope, params):
        registry = await scope["app"].state.services.ensure_registry()
        kind = registry.named_in(params)
        under_parent = "parent" not in params or (kind is not None and kind.parent == params["parent"])
        return kind is not None and under_parent and operation(kind)
    return check


async def type_is_public(scope):
    registry = await scope["app"].state.services.ensure_registry()
    params = scope[MATCH_KEY]["path_params"]
    kind = registry.named_in(params)
    return bool(kind and kind.public_read)


@offered_when(offers())
@public_read_when(type_is_public)
async def list_objects(request):
    target = await resolve_target(request)
    registry = request.app.state.services.registry
    return await answer(request, target, search.from_query_string(registry, target.kind, request.query_params, cursor_key(request)))


def _check_include_deleted(target, query):
    if query.include_deleted:
        check_role(target.auth, "admin")


@requires("read")
@offered_when(offers())
@public_read_when(type_is_public)
async def search_objects(request):
    target = await resolve_target(request)
    registry = request.app.state.services.registry
    if request.scope["query_string"]:
        search.refuse_query_string(request.query_params)
    body = await read_object(request)
    return await answer(request, target, search.from_body(registry, target.kind, body, cursor_key(request)))


def cursor_key(request):
    return request.app.state.services.settings.cursor_key


async def answer(request, target, query):
    """One page of a list or a search: one SELECT, plus one COUNT when asked."""
    target.check_read()
    _check_include_deleted(target, query)
    db = request.app.state.services.db
    sql = search.Sql(query, target.parent)
    statement = sql.page()
    values = {**target.values(), **query.params}
    documents = await db.fetch_column(statement, values)
    if not documents and target.parent:
        await _require_parent(db, target)
    page, has_more = documents[:query.limit], len(documents) > query.limit
    tail = {
        "has_more": has_more,
        "next_cursor": search.make_cursor(cursor_key(request), query.sort, json.loads(page[-1])) if has_more else None,
    }
    if query.count:
        tail["total"] = await db.fetch_val(sql.count(), values)
    return Response(encoding.page(page, tail), media_type=JSON)


async def _require_parent(db, target):
    parent = target.parent
    query = search.Query(parent, parent.default)
    found = await db.fetch_one(search.Sql(query).one(),
                               {"account": target.auth.account_id, "id": target.parent_id})
    if not found:
        raise Problem(404, "not_found", f"There is no {parent.name} {target.parent_id} in your account.")


@offered_when(offers())
@public_read_when(type_is_public)
async def read_one(request):
    target = await resolve_target(request)
    target.check_read()
    check_parameters(request.query_params, ("view", "include_deleted") if target.kind.soft_delete else ("view",))
    view = target.kind.view(request.query_params.get("view", "default"))
    include_deleted = search.boolean_parameter(request.query_params, "include_deleted")
    query = search.Query(target.kind, view, include_deleted=include_deleted)
    _check_include_deleted(target, query)
    row = await request.app.state.services.db.fetch_one(search.Sql(query, target.parent).one(), target.values())
    if row is None:
        raise target.not_found()
    return Response(row[JSON_COLUMN], media_type=JSON)


@offered_when(offers(lambda kind: kind.allows("insert")))
async def create_object(request):
    target = await resolve_target(request)
    procedure, first = await _procedure(request, target, "insert")
    services = request.app.state.services
    mail = MAILED.get(target.kind.name)
    if mail:
        services.mailer.require()
    body = await read_object(request)
    written = await _write(request, target, f"CALL {procedure}(%(first)s, %(account)s, %(parent)s, %(body)s)",
                           body, first)
    if mail:
        await mail(services, written)
    return _object(target.kind, written, 201, {"Location": target.url(written["id_random"])})


@offered_when(offers(lambda kind: kind.allows("update")))
async def update_object(request):
    target = await resolve_target(request)
    procedure, first = await _procedure(request, target, "update")
    body = await read_object(request)
    row = await _write(request, target, f"CALL {procedure}(%(first)s, %(account)s, %(parent)s, %(id)s, %(body)s)",
                       body, first)
    return _object(target.kind, row)


def _object(kind, row, status=200, headers=None):
    """An object a write procedure answered: the JSON MariaDB built (generated procedures), or a
    view row encoded here (the others)."""
    if JSON_COLUMN in row:
        return Response(row[JSON_COLUMN], status, headers, JSON)
    return JSONResponse(kind.public(row), status, headers)


@offered_when(offers(lambda kind: kind.soft_delete))
async def restore_object(request):
    target = await resolve_target(request)
    check_role(target.auth, target.kind.write_role)
    target.check_read()
    if not target.kind.soft_delete:
        raise await not_allowed(request.scope, f"Deleting a {target.kind.name} removes it for good; "
                                               "there is nothing to restore.")
    row = await _write(request, target, "CALL crud_restore(%(first)s, %(account)s, %(parent)s, %(id)s)", {},
                       target.kind.name)
    return _object(target.kind, row)


@offered_when(offers(lambda kind: kind.allows("delete")))
async def delete_object(request):
    target = await resolve_target(request)
    procedure, first = await _procedure(request, target, "delete")
    row = await _write(request, target, f"CALL {procedure}(%(first)s, %(account)s, %(parent)s, %(id)s)", None, first)
    if target.kind.name in AFTER_DELETE:
        await AFTER_DELETE[target.kind.name](request.app.state.services, row)
    return Response(status_code=204)


async def _procedure(request, target, operation):
    """(procedure, first argument) of a write operation on the target's type."""
    kind = target.kind
    check_role(target.auth, kind.write_role)
    target.check_read()  # a write answers the object
    procedure = getattr(kind, f"{operation}_procedure")
    if procedure is None:
        detail = f"{kind.name} objects cannot be {DONE[operation]} through the API."
        instead = INSTEAD.get((kind.name, operation))
        raise await not_allowed(request.scope, f"{detail} {instead}" if instead else detail)
    if procedure in GENERATED:  # asked to answer the object's JSON (see api/write_procedures.py)
        return quoted(GENERATED[procedure] + kind.name), "json"
    return quoted(procedure), kind.name


async def _write(request, target, sql, body, first):
    """Runs one write procedure; answers the row it answered, as the procedure gave it. `first`
    is the procedure's first argument: the type, or what a generated procedure answers."""
    services = request.app.state.services
    await _check_policy_rows(services.db, target, body)
    values = {
        "first": first,
        "account": target.auth.account_id,
        "parent": target.parent_id,
        "id": target.id,
        "body": None if body is None else dumps(body).decode(),
    }
    row = await _run_write(services, target.kind, sql, values)
    if body is not None and row is None:
        raise target.not_found()
    if target.kind.name in AFTER_WRITE:
        await AFTER_WRITE[target.kind.name](services, target.auth)
    if body is None:  # a delete takes the object's lookup overrides with it
        await lookups.invalidate(services, target.auth.account_id_random)
    return row


async def _run_write(services, kind, sql, values):
    """The write's one statement; a refused field's problem states the rule it broke. A delete
    answers the row its procedure answered, if any."""
    try:
        return await services.db.fetch_one(sql, values, write=True)
    except Exception as exc:
        if not is_db_error(exc):
            raise
        raise rules.explain(from_db_error(exc), kind, services.registry.checks) from None


async def _check_policy_rows(db, target, body):
    """Rows that set the account's lookup policy (data_store code lookup_whitelist) need the
    admin role, as lookup overrides do, whatever their write route."""
    if target.kind.name != "data_store" or target.auth.allows("admin"):
        return
    codes = {body.get("code")} if isinstance(body, dict) else set()
    if target.id:
        codes.add(await db.fetch_val(
            "SELECT code FROM v_data_store WHERE id_random = %(id)s AND account_id = %(account)s",
            {"id": target.id, "account": target.auth.account_id}))
    if codes & POLICY_CODES:
        check_role(target.auth, "admin")


@offered_when(offers())
@public_read_when(type_is_public)
async def schema(request):
    services = request.app.state.services
    await services.ensure_registry()
    kind = services.registry.get(request.path_params["type"])
    return JSONResponse(kind.describe({**search.describe(), "list_parameters": search.list_parameters(kind)}))


def routes():
    return [
        Route("/v3/crud/{type:name}/schema", schema, methods=["GET"]),
        Route("/v3/crud/{type:name}/search", search_objects, methods=["POST"]),
        Route("/v3/crud/{type:name}", list_objects, methods=["GET"]),
        Route("/v3/crud/{type:name}", create_object, methods=["POST"]),
        Route("/v3/crud/{type:name}/{id:id}", read_one, methods=["GET"]),
        Route("/v3/crud/{type:name}/{id:id}", update_object, methods=["PATCH"]),
        Route("/v3/crud/{type:name}/{id:id}", delete_object, methods=["DELETE"]),
        Route("/v3/crud/{type:name}/{id:id}/restore", restore_object, methods=["POST"]),
        Route("/v3/crud/{parent:name}/{pid:id}/{child:name}", list_objects, methods=["GET"]),
        Route("/v3/crud/{parent:name}/{pid:id}/{child:name}", create_object, methods=["POST"]),
        Route("/v3/crud/{parent:name}/{pid:id}/{child:name}/search", search_objects, methods=["POST"]),
        Route("/v3/crud/{parent:name}/{pid:id}/{child:name}/{id:id}", read_one, methods=["GET"]),
        Route("/v3/crud/{parent:name}/{pid:id}/{child:name}/{id:id}", update_object, methods=["PATCH"]),
        Route("/v3/crud/{parent:name}/{pid:id}/{child:name}/{id:id}", delete_object, methods=["DELETE"]),
        Route("/v3/crud/{parent:name}/{pid:id}/{child:name}/{id:id}/restore", restore_object, methods=["POST"]),
    ]
