"""The OpenAPI 3.1 document of this API (GET /openapi.json) and Swagger UI over it (GET /docs).

/v3/crud paths are generated from the object-type registry: each type gets its own paths and
schemas built from its view's fields, so a migration that adds a type or a column changes the
document with no Python change. The other routes are described by one table, HAND_WRITTEN.
The document is built on the first request and kept for as long as the registry is the same.
"""

import re
from pathlib import Path

from starlette.responses import FileResponse, HTMLResponse

from api import ids, legacy, lookups, search
from api.auth import PERSON, PERSON_OR_PUBLIC, PUBLIC, public
from api.encoding import JSONResponse
from api.problems import MEDIA_TYPE as PROBLEM_MEDIA_TYPE, Problem

VERSION = "3"
JSON = "application/json"
SECURITY = [{"apiKey": []}, {"bearer": []}]
PUBLIC_READ = "public_read"  # a type's reads when crud_type.public_read: credentials optional
# What each role an endpoint declares (api.auth) asks of a caller: security requirements, and
# whether the x-account-id header applies. Any other role is an API key's or a token's, in an account.
ROLE_SECURITY = {
    PUBLIC: ([], False),
    PERSON: ([{"bearer": []}], False),
    PERSON_OR_PUBLIC: ([{}, {"bearer": []}], False),
    PUBLIC_READ: ([{}, *SECURITY], True),
}
PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")
ENUM = re.compile(r"^enum\((.*)\)$")
INTEGERS = ("tinyint", "smallint", "mediumint", "int", "bigint")
NUMBERS = ("decimal", "float", "double")
ID_SCHEMA = {"type": "string", "pattern": f"^{ids.ID_PATTERN}$"}
NAME_SCHEMA = {"type": "string", "pattern": f"^{ids.NAME_PATTERN}$"}
LIST_PARAMETER_SCHEMAS = {
    "limit": {"type": "integer", "minimum": 1, "maximum": search.MAX_LIMIT, "default": search.DEFAULT_LIMIT},
    "offset": {"type": "integer", "minimum": 0},
    "cursor": {"type": "string"},
    "sort": {"type": "string", "description": "comma-separated fields, each optionally prefixed with -"},
    "count": {"type": "boolean"},
    "view": {"type": "string"},
    "include_deleted": {"type": "boolean"},
}


# ---------------------------------------------------------------------------------------------
# Fields as JSON Schema


def field_schema(field):
    """A view column as JSON Schema: its JSON type from the SQL type, nullability, length, enum
    values, date-time format; read-only unless the type's writable_fields name it."""
    schema = _sql_type_schema(field.sql_type, field.is_json)
    if field.max_length and schema.get("type") == "string" and "enum" not in schema:
        schema["maxLength"] = field.max_length
    if field.is_id:
        schema["pattern"] = f"^{ids.ID_PATTERN}$"
    if field.nullable:
        schema = _nullable(schema)
    if not field.writable:
        schema["readOnly"] = True
    return schema


def _sql_type_schema(sql_type, is_json):
    if is_json:
        return {}
    enum = ENUM.match(sql_type)
    if enum:
        return {"type": "string", "enum": [v.replace("''", "'") for v in re.findall(r"'((?:[^']|'')*)'", enum[1])]}
    if sql_type.startswith(INTEGERS):
        return {"type": "integer"}
    if sql_type.startswith(NUMBERS):
        return {"type": "number"}
    if sql_type.startswith(("datetime", "timestamp")):
        return {"type": "string", "format": "date-time"}
    if sql_type == "date":
        return {"type": "string", "format": "date"}
    return {"type": "string"}


def _nullable(schema):
    if "enum" in schema:
        return {**schema, "type": [schema["type"], "null"], "enum": [*schema["enum"], None]}
    if "type" in schema:
        return {**schema, "type": [schema["type"], "null"]}
    return schema


def object_schema(kind):
    """The type's objects as its default view shows them; writes take the writable fields."""
    fields = kind.default.fields
    return {
        "type": "object",
        "description": kind.description or f"A {kind.name} object.",
        "properties": {f.name: field_schema(f) for f in fields},
        "required": [f.name for f in fields],
    }


def write_schema(kind, creating):
    writable = [f for f in kind.default.fields if f.writable]
    schema = {
        "type": "object",
        "properties": {f.name: {k: v for k, v in field_schema(f).items() if k != "readOnly"} for f in writable},
    }
    required = [f.name for f in writable if creating and not f.nullable and f.default is None]
    return {**schema, "required": required} if required else schema


# ---------------------------------------------------------------------------------------------
# Shared components


def search_schemas():
    """The search grammar (api/search.py) as schemas: a condition, the groups, the body."""
    ref = {"$ref": "#/components/schemas/SearchNode"}
    return {
        "SearchCondition": {
            "type": "object", "additionalProperties": False, "required": ["field", "op"],
            "properties": {"field": {"type": "string"}, "op": {"type": "string", "enum": list(search.OPERATORS)},
                           "value": {}},
            "description": "; ".join(f"{op.key}: {op.description}" for op in search.OPERATORS.values()),
        },
        "SearchNode": {"oneOf": [
            {"$ref": "#/components/schemas/SearchCondition"},
            *({"type": "object", "additionalProperties": False, "required": [group],
               "properties": {group: {"type": "array", "minItems": 1, "items": ref}}} for group in ("and", "or")),
            {"type": "object", "additionalProperties": False, "required": ["not"], "properties": {"not": ref}},
            {"type": "object", "additionalProperties": False, "required": ["has"], "properties": {"has": {
                "type": "object", "additionalProperties": False, "required": ["type"],
                "properties": {"type": {"type": "string"}, "where": ref}}}},
        ]},
        "SearchBody": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "where": ref,
                "sort": {"type": "array", "maxItems": search.MAX_SORT, "items": {"type": "string"}},
                "limit": LIST_PARAMETER_SCHEMAS["limit"], "offset": LIST_PARAMETER_SCHEMAS["offset"],
                "cursor": {"type": ["string", "null"]}, "count": {"type": "boolean"},
                "view": {"type": "string"}, "include_deleted": {"type": "boolean"},
            },
        },
    }


def problem_schema():
    """RFC 9457 problem details as api/problems.py writes them."""
    return {
        "type": "object", "required": ["type", "title", "status", "detail", "code"],
        "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                       "detail": {"type": "string"}, "code": {"type": "string"}},
        "additionalProperties": True,
    }


def components(registry):
    schemas = {"Problem": problem_schema(), **search_schemas()}
    for kind in registry.types.values():
        schemas[_schema_name(kind)] = object_schema(kind)
        schemas[_schema_name(kind) + "Page"] = page_schema({"$ref": f"#/components/schemas/{_schema_name(kind)}"})
    return {
        "schemas": schemas,
        "responses": {"Problem": {"description": "An error, as problem+json.",
                                  "content": {PROBLEM_MEDIA_TYPE: {"schema": ref("Problem")}}}},
        "parameters": {"AccountId": {"name": "x-account-id", "in": "header", "required": False,
                                     "description": "The account to act in, for a caller with several.",
                                     "schema": ID_SCHEMA}},
        "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "x-api-key"},
                            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
    }


def page_schema(items):
    return {"type": "object", "required": ["data", "has_more", "next_cursor"],
            "properties": {"data": {"type": "array", "items": items}, "has_more": {"type": "boolean"},
                           "next_cursor": {"type": ["string", "null"]}, "total": {"type": "integer"}}}


def _schema_name(kind):
    return "".join(part.capitalize() for part in kind.name.split("_"))


# ---------------------------------------------------------------------------------------------
# Operations


def operation(operation_id, summary, tag, *, role=None, parameters=(), body=None, ok="200", answer=None,
              deprecated=False):
    """One operation: its security (none when public), parameters, body, answers and problems."""
    op = {"operationId": operation_id, "summary": summary, "tags": [tag], "parameters": list(parameters)}
    security, in_account = ROLE_SECURITY.get(role, (SECURITY, True))
    op["security"] = security
    if in_account:
        op["parameters"].append({"$ref": "#/components/parameters/AccountId"})
    if body is not None:
        op["requestBody"] = {"required": True, "content": {JSON: {"schema": body}}}
    described = {"description": "No content."} if ok == "204" else {
        "description": "OK.", "content": {JSON: {"schema": answer if answer is not None else {}}}}
    op["responses"] = {ok: described, "default": {"$ref": "#/components/responses/Problem"}}
    if deprecated:
        op["deprecated"] = True
    return op


def path_parameter(name, schema=None):
    return {"name": name, "in": "path", "required": True, "schema": schema or {"type": "string"}}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def filter_parameters(kind):
    """A list's query parameters: the list parameters, then `<field>` and `<field>__<op>` for
    each searchable field (api/search.py query_conditions)."""
    out = []
    for name in search.list_parameters(kind):
        schema = dict(LIST_PARAMETER_SCHEMAS[name])
        if name == "view":
            schema["enum"] = list(kind.views)
        out.append({"name": name, "in": "query", "required": False, "schema": schema})
    reserved = set(search.list_parameters(kind))
    for field in kind.default.fields:
        if not field.searchable:
            continue
        value = {k: v for k, v in field_schema(field).items() if k != "readOnly"}
        if field.name not in reserved:
            out.append({"name": field.name, "in": "query", "required": False, "schema": value,
                        "description": f"{field.name} equals the value (repeated: any of the values)"})
        for op in search.OPERATORS.values():
            out.append({"name": f"{field.name}__{op.key}", "in": "query", "required": False,
                        "schema": {"type": "boolean"} if op.value == "flag" else value,
                        "description": op.description})
    return out


def type_paths(kind, base, parameters, prefix):
    """The paths of one type at `base` (/v3/crud/<type> or under a parent's object)."""
    name, item = _schema_name(kind), ref(_schema_name(kind))
    read_role = PUBLIC_READ if kind.public_read else None
    one = [*parameters, path_parameter("id", ID_SCHEMA)]
    collection = {"get": operation(f"{prefix}list", f"List {kind.name} objects", kind.name, role=read_role,
                                   parameters=[*parameters, *filter_parameters(kind)], answer=ref(name + "Page"))}
    if kind.allows("insert"):
        collection["post"] = operation(f"{prefix}create", f"Create a {kind.name}", kind.name, parameters=parameters,
                                       body=write_schema(kind, True), ok="201", answer=item)
    single = {"get": operation(f"{prefix}get", f"Read a {kind.name}", kind.name, role=read_role, parameters=one,
                               answer=item)}
    if kind.allows("update"):
        single["patch"] = operation(f"{prefix}update", f"Change a {kind.name}", kind.name, parameters=one,
                                    body=write_schema(kind, False), answer=item)
    if kind.allows("delete"):
        single["delete"] = operation(f"{prefix}delete", f"Delete a {kind.name}", kind.name, parameters=one, ok="204")
    paths = {base: collection, f"{base}/{{id}}": single,
             f"{base}/search": {"post": operation(f"{prefix}search", f"Search {kind.name} objects", kind.name,
                                                  role=read_role, parameters=parameters, body=ref("SearchBody"),
                                                  answer=ref(name + "Page"))}}
    if kind.soft_delete:
        paths[f"{base}/{{id}}/restore"] = {"post": operation(f"{prefix}restore", f"Restore a deleted {kind.name}",
                                                             kind.name, parameters=one, answer=item)}
    return paths


def crud_paths(registry):
    paths = {}
    for kind in registry.types.values():
        paths.update(type_paths(kind, f"/v3/crud/{kind.name}", [], f"{kind.name}_"))
        paths[f"/v3/crud/{kind.name}/schema"] = {"get": operation(
            f"{kind.name}_schema", f"Describe the {kind.name} type", kind.name,
            role=PUBLIC_READ if kind.public_read else None, answer={"type": "object"})}
        if kind.parent:
            parent = [path_parameter("pid", ID_SCHEMA)]
            paths.update(type_paths(kind, f"/v3/crud/{kind.parent}/{{pid}}/{kind.name}", parent,
                                    f"{kind.parent}_{kind.name}_"))
    return paths


# The routes outside /v3/crud: (method, path, summary, tag, options); who may call each is read
# from its endpoint (api.auth marks). A route added to api/app.py and missing here fails
# tests/api/test_openapi.py.
ANY_OBJECT = {"type": "object"}
HAND_WRITTEN = (
    ("get", "/", "What this API is, and where to start", "docs", {}),
    ("get", "/v3", "What this API is, and where to start", "docs", {}),
    ("get", "/v3/crud", "The object types the caller can use, with their links", "crud", {}),
    ("get", "/health", "Health of the server, its database and Redis", "health", {}),
    ("get", "/openapi.json", "This document", "docs", {}),
    ("get", "/docs", "Swagger UI over this document", "docs", {"answer": None}),
    ("get", "/docs/static/{file}", "Swagger UI's files", "docs", {"answer": None}),
    ("post", "/v3/auth/login", "Log in with email and password: a JWT", "auth", {"body": ANY_OBJECT}),
    ("get", "/v3/auth/me", "Who the credentials name", "auth", {}),
    ("get", "/v3/auth/api-keys", "The account's API keys", "auth", {}),
    ("post", "/v3/auth/api-keys", "Create an API key", "auth", {"body": ANY_OBJECT, "ok": "201"}),
    ("delete", "/v3/auth/api-keys/{id}", "Revoke an API key", "auth", {"ok": "204"}),
    ("post", "/v3/auth/invitations/accept", "Accept an invitation", "auth", {"body": ANY_OBJECT}),
    ("post", "/v3/auth/password", "Change one's password", "auth", {"body": ANY_OBJECT}),
    ("post", "/v3/auth/password/reset", "Set a password with a reset token", "auth",
     {"body": ANY_OBJECT}),
    ("post", "/v3/crud/user/{id}/password-reset", "Mail a person a password reset", "user", {}),
    ("get", "/v3/lookup", "The lookup types", "lookup", {}),
    ("get", "/v3/lookup/{lu_type}", "A lookup list", "lookup", {}),
    ("get", "/v3/lookup/{lu_type}/resolve", "Resolve any identity of a lookup entry", "lookup", {}),
    ("post", "/v3/lookup/{lu_type}/overrides", "Override several entries", "lookup", {"body": ANY_OBJECT}),
    ("put", "/v3/lookup/{lu_type}/{group}/override", "Override one entry", "lookup", {"body": ANY_OBJECT}),
    ("delete", "/v3/lookup/{lu_type}/{group}/override", "Remove an override", "lookup", {}),
    ("post", "/v3/action/event/{event}/upload", "Upload a file to an event (multipart/form-data, part file)",
     "action", {"ok": "201"}),
    ("get", "/v3/action/file/sha256/{hash}", "Download a file by its SHA-256", "action", {"answer": None}),
    ("get", "/v3/action/file/{id}/download", "Download a file", "action", {"answer": None}),
    ("post", "/v3/action/hosted_file/{id}/clip_video", "Clip a video (a job)", "action", {"body": ANY_OBJECT}),
    ("post", "/v3/action/hosted_file/{id}/convert", "Convert a file (a job)", "action", {"body": ANY_OBJECT}),
    ("get", "/v3/action/job/{id}", "A job's state", "action", {}),
    ("delete", "/v3/action/job/{id}", "Cancel a job", "action", {}),
    ("get", "/v3/action/idaa/novi_member/{uuid}", "A Novi member", "action", {}),
    ("post", "/v3/action/e_novi_mailman/sync", "Sync Novi members to Mailman", "action", {}),
    ("post", "/v3/action/zoom/sync", "Sync Zoom meetings", "action", {}),
)


def parameter_schemas(lookup_types):
    return {"id": ID_SCHEMA, "event": ID_SCHEMA, "lu_type": {"type": "string", "enum": list(lookup_types)}
            if lookup_types else NAME_SCHEMA}


def declared_roles(routes):
    """(method, path with bare parameters): the role the route's endpoint declares, if any."""
    return {(method.lower(), PARAMETER.sub(r"{\1}", route.path)): getattr(route.endpoint, "required_role", None)
            for route in routes for method in getattr(route, "methods", None) or ()}


def hand_written_paths(lookup_types, routes):
    schemas, roles = parameter_schemas(lookup_types), declared_roles(routes)
    paths = {}
    for method, path, summary, tag, options in HAND_WRITTEN:
        options = {"answer": ANY_OBJECT, "role": roles.get((method, path)), **options}
        parameters = [path_parameter(name, schemas.get(name)) for name in PARAMETER.findall(path)]
        operation_id = method + re.sub(r"\W+", "_", path.replace(".", "_")).rstrip("_")
        paths.setdefault(path, {})[method] = operation(operation_id, summary, tag, parameters=parameters, **options)
    return paths


# The v1 memory-events API (api/legacy_v1.py), over spirit and spirit_event.
V1 = (
    ("get", "/api/v1/spirits", "v1: list spirits"), ("post", "/api/v1/spirits", "v1: create a spirit"),
    ("get", "/api/v1/spirits/{id}", "v1: one spirit"), ("patch", "/api/v1/spirits/{id}", "v1: change a spirit"),
    ("delete", "/api/v1/spirits/{id}", "v1: delete a spirit"),
    ("get", "/api/v1/events", "v1: list a spirit's events"), ("post", "/api/v1/events", "v1: record an event"),
    ("get", "/api/v1/events/{id}", "v1: one event"), ("patch", "/api/v1/events/{id}", "v1: change an event"),
    ("delete", "/api/v1/events/{id}", "v1: delete an event"),
)


def legacy_paths():
    """The old routes, from api/legacy.py's tables: redirects (307 for GET and HEAD, else 308)
    and the prefixes that are gone (410); and the v1 memory-events API."""
    paths = {}
    for methods, pattern, template, note in legacy.MOVED:
        path = PARAMETER.sub(r"{\1}", pattern)
        parameters = [path_parameter(name, None) for name in PARAMETER.findall(pattern)]
        for method in methods:
            paths.setdefault(path, {})[method.lower()] = operation(
                _operation_id("moved", method, path), f"Moved to {template} ({note})", "legacy", role=PUBLIC,
                parameters=parameters, ok="307" if method in ("GET", "HEAD") else "308", answer=None,
                deprecated=True)
    for prefix, instead in legacy.GONE:
        path = f"{prefix}/{{rest}}"
        for method in legacy.GONE_METHODS:
            if method != "HEAD":
                paths.setdefault(path, {})[method.lower()] = operation(
                    _operation_id("gone", method, path), instead, "legacy", role=PUBLIC,
                    parameters=[path_parameter("rest", None)], ok="410", answer=None, deprecated=True)
    for method, path, summary in V1:
        parameters = [path_parameter(name, ID_SCHEMA) for name in PARAMETER.findall(path)]
        paths.setdefault(path, {})[method] = operation(_operation_id("v1", method, path), summary, "v1",
                                                       parameters=parameters, body=ANY_OBJECT if method in
                                                       ("post", "patch") else None, answer=ANY_OBJECT)
    return paths


def _operation_id(kind, method, path):
    return f"{kind}_{method.lower()}" + re.sub(r"\W+", "_", path).rstrip("_")


def build(registry, lookup_types=(), routes=()):
    """The whole document for a registry, the lookup types' names and the app's routes."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Aether API", "version": VERSION,
                 "description": "Multi-tenant API over the object types of the registry (crud_type)."},
        "servers": [{"url": "/"}],
        "paths": {**hand_written_paths(lookup_types, routes), **crud_paths(registry), **legacy_paths()},
        "components": components(registry),
        "security": SECURITY,
    }


@public
async def openapi_json(request):
    services = request.app.state.services
    registry = await services.ensure_registry()
    cached = getattr(request.app.state, "openapi", None)
    if cached is None or cached[0] is not registry:
        names = list(await lookups.lookup_types(request.app))
        request.app.state.openapi = cached = (registry, build(registry, names, request.app.routes))
    return JSONResponse(cached[1])


# ---------------------------------------------------------------------------------------------
# Swagger UI, from the files of the swagger-ui-py package: nothing is fetched from the network.


def swagger_static():
    import swagger_ui
    return Path(swagger_ui.__file__).parent / "static"


SWAGGER_FILES = ("swagger-ui.css", "index.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
                 "favicon-32x32.png", "favicon-16x16.png")
DOCS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Aether API</title>
  <link rel="stylesheet" href="/docs/static/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/static/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/static/swagger-ui-bundle.js"></script>
  <script src="/docs/static/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"});
  </script>
</body>
</html>
"""


@public
async def docs(request):
    return HTMLResponse(DOCS_PAGE)


@public
async def docs_static(request):
    name = request.path_params["file"]
    if name not in SWAGGER_FILES:
        raise Problem(404, "not_found", "No such file.")
    return FileResponse(swagger_static() / name)
