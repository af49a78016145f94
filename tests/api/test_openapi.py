"""GET /openapi.json: an OpenAPI 3.1 document generated from the registry, valid, public, covering
every route the app registers and nothing else; a migration that adds a type adds its paths."""

import re

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from api.app import create_app
from api.auth import PUBLIC
from api.config import Settings
from api.migrate import migrate
from api.openapi import field_schema
from api.registry import Field
from tests.api.test_crud_new_type import FIXTURES
from tests.client import AppClient
from tests.conftest import throwaway_database

PLACEHOLDER = re.compile(r"\{(\w+)(?::\w+)?\}")
METHODS = ("get", "put", "post", "patch", "delete", "options")


@pytest.fixture(scope="module")
def document(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200, response.text
    return response.json()


def test_the_document_is_public_and_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate(document, cls=OpenAPIV31SpecValidator)


def segments(path):
    """A path as segments, each parameter (`{id:id}`, `{id}`) as None."""
    return [None if PLACEHOLDER.fullmatch(part) else part for part in path.strip("/").split("/")]


def covers(template, path):
    """Whether a route's path template takes a document path: a route's parameter takes any
    segment; a document's parameter needs a parameter in the route."""
    route, written = segments(template), segments(path)
    return len(route) == len(written) and all(r is None or r == w for r, w in zip(route, written))


def route_operations(app):
    return {(method.lower(), route.path) for route in app.routes for method in route.methods - {"HEAD"}}


def document_operations(document):
    return {(method, path) for path, item in document["paths"].items() for method in item if method in METHODS}


def test_every_route_is_documented_and_every_documented_path_is_routed(app, document):
    routes, documented = route_operations(app), document_operations(document)
    undocumented = [(m, t) for m, t in routes if not any(m == dm and covers(t, dp) for dm, dp in documented)]
    unrouted = [(m, p) for m, p in documented if not any(m == rm and covers(rt, p) for rm, rt in routes)]
    assert (undocumented, unrouted) == ([], [])


def test_a_type_gets_its_own_paths_with_filters_and_schemas(document):
    paths = document["paths"]
    assert {"get", "post"} <= set(paths["/v3/crud/event_session"])
    listed = {p["name"] for p in paths["/v3/crud/event_session"]["get"]["parameters"] if "name" in p}
    assert {"limit", "cursor", "sort"} <= listed and any(name.endswith("__gte") for name in listed)
    assert {"get", "patch", "delete"} <= set(paths["/v3/crud/event_session/{id}"])
    assert "/v3/crud/event/{pid}/event_session" in paths
    session = document["components"]["schemas"]["EventSession"]["properties"]
    assert session["id_random"]["readOnly"] is True
    assert any(schema.get("format") == "date-time" for schema in session.values())
    search = document["components"]["schemas"]["SearchCondition"]["properties"]["op"]["enum"]
    assert "between" in search and "is_null" in search


def test_a_type_without_insert_has_no_create_operation(document):
    assert "post" not in document["paths"]["/v3/crud/user"]
    assert "post" not in document["paths"]["/v3/crud/account"]


def test_restore_is_documented_only_for_soft_deleted_types(app, document):
    registry = app.state.services.registry
    restorable = {name for name, kind in registry.types.items() if kind.soft_delete}
    restore = re.compile(r"/v3/crud/(\w+)/\{id\}/restore")
    documented = {found[1] for found in map(restore.fullmatch, document["paths"]) if found}
    assert documented == restorable


def test_reads_and_writes_state_security_and_the_account_header(document):
    health = document["paths"]["/health"]["get"]
    assert health["security"] == []
    listing = document["paths"]["/v3/crud/event"]["get"]
    assert {"$ref": "#/components/parameters/AccountId"} in listing["parameters"]
    assert set(document["components"]["securitySchemes"]) == {"apiKey", "bearer"}
    assert listing["responses"]["default"] == {"$ref": "#/components/responses/Problem"}


@pytest.fixture(scope="module")
def new_type_database(server_url):
    with throwaway_database(server_url, "openapi") as url:
        migrate(url, say=lambda *_: None)
        yield url


def document_of(url, redis_url):
    settings = Settings(db_url=url.url(), redis_url=redis_url, jwt_key="test-jwt-key-" + "x" * 60)
    with AppClient(create_app(settings)) as client:
        return client.get("/openapi.json").json()


def test_a_migration_that_adds_a_type_adds_its_paths_with_no_python_change(new_type_database, redis_url):
    before = document_of(new_type_database, redis_url)
    assert "/v3/crud/exhibitor_booth" not in before["paths"]
    migrate(new_type_database, extra_migrations=[FIXTURES / "new_type"], say=lambda *_: None)
    after = document_of(new_type_database, redis_url)
    assert {"get", "post"} <= set(after["paths"]["/v3/crud/event/{pid}/exhibitor_booth"])
    booth = after["components"]["schemas"]["ExhibitorBooth"]["properties"]
    assert booth["name"]["type"] in ("string", ["string", "null"])
    validate(after, cls=OpenAPIV31SpecValidator)


def test_operations_open_to_anyone_are_exactly_the_public_routes(app, document):
    public_routes = {(method.lower(), PLACEHOLDER.sub(r"{\1}", route.path)) for route in app.routes
                     for method in route.methods - {"HEAD"} if getattr(route.endpoint, "required_role", None) == PUBLIC}
    open_operations = {(method, path) for path, item in document["paths"].items() for method, op in item.items()
                       if method in METHODS and op["security"] == []}
    assert open_operations == public_routes and ("get", "/openapi.json") in open_operations


def test_routes_for_a_person_take_their_login_token_only(document):
    change_password = document["paths"]["/v3/auth/password"]["post"]
    assert change_password["security"] == [{"bearer": []}]
    assert {"$ref": "#/components/parameters/AccountId"} not in change_password["parameters"]


def column(name, sql_type, nullable=False, max_length=None, writable=True):
    return Field(name, sql_type, nullable, max_length, None, writable, True)


@pytest.mark.parametrize("field, schema", [
    (column("role", "enum('read','it''s')", nullable=True, max_length=5),
     {"type": ["string", "null"], "enum": ["read", "it's", None]}),
    (column("starts_on", "datetime(6)", writable=False), {"type": "string", "format": "date-time", "readOnly": True}),
    (column("name", "varchar(200)", max_length=200), {"type": "string", "maxLength": 200}),
    (column("order", "int(11)", nullable=True), {"type": ["integer", "null"]}),
    (column("size_m2", "decimal(6,1)"), {"type": "number"}),
    (column("settings_json", "longtext", nullable=True), {}),
])
def test_a_column_becomes_the_json_schema_of_its_sql_type(field, schema):
    assert field_schema(field) == schema
