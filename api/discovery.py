"""Where a new client starts: GET / (and /v3) says what this API is and where to go next;
GET /v3/crud/ lists the object types the caller can read, with their URLs."""

from importlib import metadata

from starlette.routing import Route

from api.auth import public
from api.encoding import JSONResponse

NAME = "Aether"
SUMMARY = "A multi-tenant API whose object types live in MariaDB views and procedures."
LINKS = {"docs": "/docs", "openapi": "/openapi.json", "health": "/health", "crud": "/v3/crud/"}


def version():
    try:
        return metadata.version("aether")
    except metadata.PackageNotFoundError:
        return "unknown"


@public
async def home(request):
    return JSONResponse({"name": NAME, "description": SUMMARY, "version": version(), "links": LINKS})


async def crud_types(request):
    registry = await request.app.state.services.ensure_registry()
    auth = request.state.auth
    readable = {name: kind for name, kind in registry.types.items() if auth.allows(kind.read_role)}
    return JSONResponse({"types": [_entry(kind, readable) for kind in readable.values()]})


def _entry(kind, readable):
    links = {"list": f"/v3/crud/{kind.name}/", "schema": f"/v3/crud/{kind.name}/schema"}
    if kind.parent:
        links["nested_list"] = f"/v3/crud/{kind.parent}/{{{kind.parent}_id_random}}/{kind.child_alias or kind.name}/"
    return {
        "name": kind.name,
        "description": kind.description,
        "parent": kind.parent,
        "child_alias": kind.child_alias,
        "children": [child for child in kind.children if child in readable],
        "links": links,
    }


def routes():
    return [
        Route("/", home, methods=["GET"]),
        Route("/v3", home, methods=["GET"]),
        Route("/v3/crud", crud_types, methods=["GET"]),
    ]
