"""Hostile input, class by class, over every route each class applies to.

The promise: bad input always gets a clear RFC 9457 problem+json answer (4xx) and changes
nothing - never a 500, a stack trace or SQL text. A hostile review once found about 280
requests answering 500; each class it listed is one test here, and after every test the
tenant's rows are exactly as before (`nothing_changes`, autouse). tests/api/test_fuzz.py
throws generated input at the same readers.
"""

import base64
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

import pymysql.converters
import pytest

from api import accounts, search
from api.app import create_app
from api.body import MAX_DEPTH
from api.config import Settings
from api.db import connect_sync
from api.migrate import migrate
from tests.api.conftest import PASSWORD, assert_refused, bearer, crud_builder, login, make_tenant
from tests.client import AppClient
from tests.conftest import throwaway_database

JSON = {"content-type": "application/json"}
NOT_AN_ID = "abcdefghij\u00e9"  # 11 characters, one of them not in the id alphabet
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass
class World:
    """One tenant with one object of every kind a route below names, and a platform admin."""
    tenant: object
    ids: dict
    platform_admin: str

    def url(self, template):
        return template.format(**self.ids)

    def headers(self, role="admin"):
        return self.tenant.headers(role)


@pytest.fixture(scope="module")
def world(client, app):
    db = app.state.services.db
    tenant = make_tenant(client, db, "Hostile")
    builder = crud_builder(client, tenant)
    event = builder.make("event")["id_random"]
    builder.make("event")  # two of each, so a page of one has a next page and a cursor
    site = builder.make("site")["id_random"]
    ids = {
        "event": event,
        "session": builder.make("event_session", event)["id_random"],
        "other_session": builder.make("event_session", event)["id_random"],
        "track": builder.make("event_track", event)["id_random"],
        "site": site,
        "domain": builder.make("site_domain", site)["id_random"],
        "person": builder.make("person")["id_random"],
        "address": builder.make("address")["id_random"],
        "spirit": builder.make("spirit")["id_random"],
        "key": client.get("/v3/auth/api-keys", headers=tenant.headers()).json()["data"][0]["id_random"],
    }
    email = f"root-{secrets.token_hex(4)}@hostile.test"
    client.run(lambda: accounts.create_user(db, email, PASSWORD, "Root", platform_admin=True))
    return World(tenant, ids, login(client, email))


@pytest.fixture(scope="module")
def database(db_url):
    with connect_sync(db_url) as connection:
        yield connection


def tenant_rows(database, account_id_random):
    """Every row of every table that belongs to the account, and the account itself."""
    with database.cursor() as cursor:
        cursor.execute("SELECT * FROM account WHERE id_random = %s", (account_id_random,))
        account = cursor.fetchone()
        cursor.execute(
            "SELECT c.TABLE_NAME AS name FROM information_schema.COLUMNS AS c"
            " JOIN information_schema.TABLES AS t USING (TABLE_SCHEMA, TABLE_NAME)"
            " WHERE c.TABLE_SCHEMA = DATABASE() AND c.COLUMN_NAME = 'account_id' AND t.TABLE_TYPE = 'BASE TABLE'"
            " ORDER BY c.TABLE_NAME")
        rows = {"account": [account]}
        for table in [row["name"] for row in cursor.fetchall()]:
            cursor.execute(f"SELECT * FROM `{table}` WHERE account_id = %s ORDER BY id", (account["id"],))
            rows[table] = cursor.fetchall()
    for key in rows.get("api_key", []):
        del key["last_used_on"], key["updated_on"]  # touched by authenticated requests
    return rows


@pytest.fixture(autouse=True)
def nothing_changes(world, database):
    before = tenant_rows(database, world.tenant.account)
    yield
    assert tenant_rows(database, world.tenant.account) == before


# Every route that reads a body: (method, URL template, credentials).
BODY_ROUTES = [
    ("POST", "/v3/auth/login", None),
    ("POST", "/v3/auth/api-keys", "admin"),
    ("POST", "/v3/crud/event/", "admin"),
    ("PATCH", "/v3/crud/event/{event}", "admin"),
    ("POST", "/v3/crud/event/search", "admin"),
    ("POST", "/v3/crud/event/{event}/event_session/", "admin"),
    ("PATCH", "/v3/crud/event/{event}/event_session/{session}", "admin"),
    ("POST", "/v3/crud/event/{event}/event_session/search", "admin"),
    ("PUT", "/v3/lookup/country/US/override", "admin"),
    ("POST", "/v3/lookup/country/overrides", "admin"),
]
BODY_ROUTE_IDS = [f"{method} {template}" for method, template, _ in BODY_ROUTES]


def send(client, world, route, raw):
    method, template, role = route
    headers = {**(world.headers(role) if role else {}), **JSON}
    return client.request(method, world.url(template), content=raw, headers=headers)


def deep(levels, inner=b"1"):
    return b"[" * levels + inner + b"]" * levels


# --- JSON nested deeply ------------------------------------------------------------------

@pytest.mark.parametrize("route", BODY_ROUTES, ids=BODY_ROUTE_IDS)
def test_json_nested_10000_levels_deep_is_a_400_on_every_body_route(client, world, route):
    for raw in (deep(10_000), b'{"a":' * 10_000 + b"1" + b"}" * 10_000, b'{"name":' + deep(10_000) + b"}"):
        assert_refused(send(client, world, route, raw), 400)


@pytest.mark.parametrize("route,field", [
    (("POST", "/v3/crud/event/", "admin"), "cfg_json"),
    (("PATCH", "/v3/crud/event/{event}", "admin"), "cfg_json"),
    (("POST", "/v3/crud/event/{event}/event_session/", "admin"), "meta_json"),
    (("PATCH", "/v3/crud/event/{event}/event_session/{session}", "admin"), "meta_json"),
    (("PATCH", "/v3/crud/site/{site}", "admin"), "cfg_json"),
    (("PATCH", "/v3/crud/spirit/{spirit}", "admin"), "meta_json"),
], ids=lambda value: value if isinstance(value, str) else f"{value[0]} {value[1]}")
def test_a_json_field_nested_deeper_than_mariadb_reads_is_a_422_naming_it(client, world, route, field):
    for inner in (b"1", b"[]", b'{"a": {}}'):
        raw = b'{"name": "Deep", "%s": %s}' % (field.encode(), deep(MAX_DEPTH, inner))
        problem = assert_refused(send(client, world, route, raw), 422)
        assert problem["field"] == field and "nests deeper" in problem["detail"], problem


def test_lookup_override_fields_nested_deeply_are_422s_naming_them(client, world):
    put = ("PUT", "/v3/lookup/country/US/override", "admin")
    problem = assert_refused(send(client, world, put, b'{"name": %s}' % deep(MAX_DEPTH)), 422)
    assert problem["field"] == "name"
    batch = ("POST", "/v3/lookup/country/overrides", "admin")
    problem = assert_refused(send(client, world, batch, b'{"overrides": %s}' % deep(MAX_DEPTH)), 422)
    assert problem["field"] == "overrides"


# --- Lone surrogates ---------------------------------------------------------------------

SURROGATES = [b'"\\ud800"', b'"\\udfff"', b'"x\\udc00y"', b'"\\ud800\\ud800"', b'"\\udc00\\ud800"']
# A string holding a surrogate for each field a route reads (so the check, not a missing field, answers).
SURROGATE_BODIES = {
    "/v3/auth/login": b'{"email": %s, "password": "secret"}',
    "/v3/auth/api-keys": b'{"role": "read", "name": %s}',
    "/v3/crud/event/": b'{"name": %s}',
    "/v3/crud/event/{event}": b'{"name": %s}',
    "/v3/crud/event/search": b'{"where": {"field": "name", "op": "eq", "value": %s}}',
    "/v3/crud/event/{event}/event_session/": b'{"name": "x", "meta_json": {"deep": [%s]}}',
    "/v3/crud/event/{event}/event_session/{session}": b'{"code": %s}',
    "/v3/crud/event/{event}/event_session/search": b'{"where": {"field": "name", "op": "in", "value": ["a", %s]}}',
    "/v3/lookup/country/US/override": b'{"name": %s}',
    "/v3/lookup/country/overrides": b'{"overrides": [{"group": %s, "name": "x"}]}',
}


@pytest.mark.parametrize("route", BODY_ROUTES, ids=BODY_ROUTE_IDS)
def test_a_lone_surrogate_anywhere_in_a_body_is_a_400_or_422(client, world, route):
    for surrogate in SURROGATES:
        assert_refused(send(client, world, route, SURROGATE_BODIES[route[1]] % surrogate), 400, 422)
        assert_refused(send(client, world, route, b'{%s: 1, "name": "x"}' % surrogate), 400, 422)
        assert_refused(send(client, world, route, b'{"cursor": {%s: [%s]}}' % (surrogate, surrogate)), 400, 422)


def test_a_lone_surrogate_in_a_value_names_the_field(client, world):
    problem = assert_refused(send(client, world, BODY_ROUTES[2], b'{"name": "\\ud800"}'), 422)
    assert problem["field"] == "name"
    login = send(client, world, BODY_ROUTES[0], b'{"email": "a\\udfff@x.test", "password": "x"}')
    problem = assert_refused(login, 422)
    assert problem["field"] == "email"


def test_an_escaped_surrogate_pair_is_text_and_searches_fine(client, world):
    raw = b'{"where": {"field": "name", "op": "eq", "value": "\\ud83c\\udf89"}}'
    response = send(client, world, BODY_ROUTES[4], raw)
    assert response.status_code == 200 and response.json()["data"] == []


# --- NaN, Infinity and numbers past a double ---------------------------------------------

NOT_NUMBERS = [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"-1e400", b"1" * 5000]


@pytest.mark.parametrize("route", BODY_ROUTES, ids=BODY_ROUTE_IDS)
def test_nan_infinity_and_huge_numbers_anywhere_in_a_body_are_400s(client, world, route):
    for number in NOT_NUMBERS:
        for raw in (b'{"name": %s}' % number, b'{"sort": %s, "name": "x"}' % number,
                    b'{"where": {"field": "sort", "op": "in", "value": [1, %s]}}' % number,
                    b'{"overrides": [{"group": "US", "sort": %s}]}' % number, b"%s" % number):
            problem = assert_refused(send(client, world, route, raw), 400)
            assert problem["code"] == "invalid_json"


# --- Non-ASCII characters in ids ---------------------------------------------------------

# Ids that look almost right: a letter outside the alphabet, a full-width letter, a combining
# accent, a newline, a percent sign, one character too many or too few.
BAD_IDS = [NOT_AN_ID, "\uff41bcdefghijk", "abcdefghij\u0301", "abcdefghij\n", "abcdefghij%", "abcdefghijkl",
           "abcdefghij", "\u0661" * 11, "abc def ghi"]
ID_URLS = [
    ("GET", "/v3/crud/event/{bad}"), ("PATCH", "/v3/crud/event/{bad}"), ("DELETE", "/v3/crud/event/{bad}"),
    ("POST", "/v3/crud/spirit/{bad}/restore"),
    ("GET", "/v3/crud/event/{bad}/event_session/"), ("POST", "/v3/crud/event/{bad}/event_session/"),
    ("POST", "/v3/crud/event/{bad}/event_session/search"),
    ("GET", "/v3/crud/event/{event}/event_session/{bad}"), ("PATCH", "/v3/crud/event/{event}/event_session/{bad}"),
    ("DELETE", "/v3/crud/event/{event}/event_session/{bad}"), ("DELETE", "/v3/auth/api-keys/{bad}"),
]


@pytest.mark.parametrize("method,template", ID_URLS, ids=[f"{m} {t}" for m, t in ID_URLS])
def test_an_id_in_the_url_that_is_no_id_is_a_404(client, world, method, template):
    for bad in BAD_IDS:
        for written in ({bad} - {"abcdefghij\n"}) | {"".join(f"%{byte:02X}" for byte in bad.encode())}:
            url = world.url(template.replace("{bad}", written))
            assert_refused(client.request(method, url, json={"name": "x"}, headers=world.headers()), 404)


def test_a_real_id_with_a_newline_after_it_is_a_404(client, world):
    for template in ("/v3/crud/event/{event}", "/v3/crud/event/{event}/event_session/{session}",
                     "/v3/crud/spirit/{spirit}/restore", "/v3/auth/api-keys/{key}"):
        for method in ("GET", "PATCH", "DELETE", "POST"):
            url = world.url(template) + "%0A"
            assert_refused(client.request(method, url, json={"name": "x"}, headers=world.headers()), 404, 405)


REFERENCES = [
    ("POST", "/v3/crud/event/{event}/event_session/", "event_track_id_random", {"name": "x"}),
    ("PATCH", "/v3/crud/event/{event}/event_session/{session}", "event_location_id_random", {}),
    ("POST", "/v3/crud/event/", "site_id_random", {"name": "x"}),
    ("PATCH", "/v3/crud/event/{event}", "site_id_random", {}),
    ("POST", "/v3/crud/address/", "for_id_random", {"for_type": "person", "city": "Lyon"}),
    ("PATCH", "/v3/crud/address/{address}", "for_id_random", {"for_type": "person"}),
    ("POST", "/v3/crud/person/", "user_id_random", {"name": "x"}),
]


@pytest.mark.parametrize("method,template,field,body", REFERENCES, ids=[f"{r[0]} {r[2]}" for r in REFERENCES])
def test_a_reference_in_a_body_that_is_no_id_is_a_422_naming_it(client, world, method, template, field, body):
    for bad in [*BAD_IDS, world.ids["track"] + "\n", "", "a" * 300, 12345678901, ["abcdefghijk"], {"id": 1}, True]:
        response = client.request(method, world.url(template), json={**body, field: bad}, headers=world.headers())
        assert assert_refused(response, 422)["field"] == field


ID_FILTERS = [("/v3/crud/event_session/", name) for name in
              ("id_random", "event_id_random", "event_track_id_random", "event_location_id_random__gte")]
ID_FILTERS += [("/v3/crud/event/{event}/event_session/", "id_random__lte"), ("/v3/crud/address/", "for_id_random"),
               ("/v3/crud/event/", "site_id_random")]


@pytest.mark.parametrize("template,parameter", ID_FILTERS, ids=[f"{t} {p}" for t, p in ID_FILTERS])
def test_a_list_filter_on_an_id_field_that_is_no_id_is_a_400_naming_it(client, world, template, parameter):
    for bad in [*BAD_IDS, world.ids["session"] + "\n"]:
        for params in ({parameter: bad}, [(parameter, world.ids["event"]), (parameter, bad)]):
            response = client.get(world.url(template), params=params, headers=world.headers("read"))
            assert assert_refused(response, 400)["parameter"] == parameter


@pytest.mark.parametrize("op", ["eq", "ne", "gt", "lte", "in", "not_in", "between"])
def test_a_search_value_on_an_id_field_that_is_no_id_is_a_400_pointing_at_it(client, world, op):
    for bad in [*BAD_IDS, world.ids["session"] + "\n"]:
        value = {"in": [world.ids["track"], bad], "not_in": [bad], "between": [world.ids["track"], bad]}.get(op, bad)
        for field in ("id_random", "event_track_id_random", "event_id_random"):
            condition = {"field": field, "op": op, "value": value}
            body = {"where": {"and": [{"field": "name", "op": "ne", "value": "x"}, condition]}}
            response = client.post("/v3/crud/event_session/search", json=body, headers=world.headers("read"))
            assert assert_refused(response, 400)["pointer"].startswith("/where/and/1/value")


def test_a_lookup_for_id_random_that_is_no_id_is_refused(client, world):
    admin = world.headers()
    for bad in BAD_IDS:
        named = {"for_type": "event", "for_id_random": bad}
        assert_refused(client.get("/v3/lookup/country/", params=named, headers=admin), 404)
        assert_refused(client.get("/v3/lookup/country/resolve", params={"q": "US", **named}, headers=admin), 404)
        assert_refused(client.delete("/v3/lookup/country/US/override", params=named, headers=admin), 404)
        response = client.put("/v3/lookup/country/US/override", json={"name": "x", **named}, headers=admin)
        assert assert_refused(response, 422)["field"] == "for_id_random"
        response = client.post("/v3/lookup/country/overrides", json={"overrides": [{"group": "US", **named}]},
                               headers=admin)
        assert assert_refused(response, 422)["field"] == "overrides/0/for_id_random"


# x-account-id arrives as bytes: UTF-8 of an id with an accent, Latin-1 of one, far too long.
BAD_ACCOUNT_HEADERS = [NOT_AN_ID.encode(), NOT_AN_ID.encode("latin-1"), b"\xff" * 11, b"a" * 300, b"abcdefghij%",
                       "\u0661".encode() * 11]


def test_a_platform_admin_naming_an_account_that_is_no_id_is_a_403(client, world):
    for bad in BAD_ACCOUNT_HEADERS:
        headers = {"authorization": f"Bearer {world.platform_admin}", "x-account-id": bad}
        for url in ("/v3/auth/me", "/v3/crud/event/", "/v3/lookup/country/"):
            assert assert_refused(client.get(url, headers=headers), 403)["code"] == "not_your_account"
    own = bearer(world.platform_admin, world.tenant.account)
    assert client.get("/v3/auth/me", headers=own).json()["account_id_random"] == world.tenant.account


def test_an_api_key_with_an_x_account_id_that_is_no_id_is_a_403(client, world):
    for bad in BAD_ACCOUNT_HEADERS:
        response = client.get("/v3/crud/event/", headers={**world.headers(), "x-account-id": bad})
        assert assert_refused(response, 403)["code"] == "account_mismatch"


@pytest.fixture(scope="module")
def public_booths(server_url, redis_url):
    """A second app over its own database where exhibitor_booth is marked public_read (no type
    is, in the real registry)."""
    with throwaway_database(server_url, "public") as url:
        migrate(url, extra_migrations=[FIXTURES / "new_type"], say=lambda *_: None)
        with connect_sync(url) as connection, connection.cursor() as cursor:
            cursor.execute("UPDATE crud_type SET public_read = 1 WHERE name = 'exhibitor_booth'")
        settings = Settings(db_url=url.url(), redis_url=redis_url, jwt_key="test-jwt-key-" + "x" * 60)
        with AppClient(create_app(settings)) as public:
            yield public


def test_an_anonymous_public_read_naming_an_account_that_is_no_id_is_a_401(public_booths):
    for bad in BAD_ACCOUNT_HEADERS:
        for url in ("/v3/crud/exhibitor_booth/", "/v3/crud/exhibitor_booth/abcdefghijk",
                    "/v3/crud/exhibitor_booth/schema"):
            response = public_booths.get(url, headers={"x-account-id": bad})
            assert assert_refused(response, 401)["code"] == "unknown_account"


# --- Non-ASCII values for ASCII columns --------------------------------------------------

ASCII_COLUMNS = [("address", "country_code", "\u00c9\u00c9"), ("address", "for_type", "p\u00e9rson"),
                 ("site_domain", "domain", "caf\u00e9.example"), ("spirit_event", "dedupe_key", "\u00e9" * 32),
                 ("contact", "for_type", "\u0440erson")]


@pytest.mark.parametrize("kind,field,value", ASCII_COLUMNS, ids=[f"{k}.{f}" for k, f, _ in ASCII_COLUMNS])
def test_a_non_ascii_value_for_an_ascii_column_is_a_400_in_searches_and_filters(client, world, kind, field, value):
    read = world.headers("read")
    for op, sent in (("eq", value), ("ne", value), ("in", ["ok", value]), ("between", ["a", value]), ("gt", value),
                     ("contains", value), ("starts_with", value), ("ends_with", value), ("like", value + "%")):
        response = client.post(f"/v3/crud/{kind}/search", json={"where": {"field": field, "op": op, "value": sent}},
                               headers=read)
        assert assert_refused(response, 400)["pointer"].startswith("/where/value")
    for parameter in (field, f"{field}__gte", f"{field}__lte", f"{field}__contains"):
        response = client.get(f"/v3/crud/{kind}/", params={parameter: value}, headers=read)
        assert assert_refused(response, 400)["parameter"] == parameter


def test_alt_view_ascii_columns_refuse_non_ascii_values_too(client, world):
    body = {"view": "alt", "where": {"field": "event_presenter_li_qry_str", "op": "contains", "value": "\u00e9"}}
    assert_refused(client.post("/v3/crud/event_session/search", json=body, headers=world.headers()), 400)


@pytest.mark.parametrize("method,template,field,body", [
    ("POST", "/v3/crud/address/", "country_code", {"for_type": "person", "for_id_random": "{person}"}),
    ("PATCH", "/v3/crud/address/{address}", "country_code", {}),
    ("POST", "/v3/crud/site/{site}/site_domain/", "domain", {}),
    ("PATCH", "/v3/crud/site/{site}/site_domain/{domain}", "domain", {}),
    ("POST", "/v3/crud/contact/", "for_type", {"for_id_random": "{person}", "kind": "email", "value": "a@b.test"}),
    ("PATCH", "/v3/crud/address/{address}", "for_type", {"for_id_random": "{person}"}),
], ids=["address create", "address patch", "domain create", "domain patch", "contact for_type", "address for_type"])
def test_a_non_ascii_value_for_an_ascii_column_is_a_422_in_writes(client, world, method, template, field, body):
    for value in ("\u00c9\u00c9", "\u0424\u0420", "\U0001F389x", "caf\u00e9.example"):
        sent = {key: world.url(text) for key, text in body.items()} | {field: value}
        response = client.request(method, world.url(template), json=sent, headers=world.headers())
        assert assert_refused(response, 422)["field"] == field


# --- Numbers in query strings ------------------------------------------------------------

NOT_WHOLE_NUMBERS = ["\u00b2", "\u2460", "\u0661\u0662", "\u06f5", "\uff15", "\u00bd", "9" * 5000, "1_000", " 5",
                     "5 ", "-1", "+5", "0x10", "1e3", "5.0", "", "1e400", "NaN"]


@pytest.mark.parametrize("template", ["/v3/crud/event/", "/v3/crud/event/{event}/event_session/",
                                      "/v3/crud/spirit/{spirit}/spirit_event/"])
def test_limit_and_offset_that_are_not_ascii_whole_numbers_are_400s(client, world, template):
    for parameter in ("limit", "offset"):
        for value in NOT_WHOLE_NUMBERS:
            response = client.get(world.url(template), params={parameter: value}, headers=world.headers("read"))
            assert assert_refused(response, 400)["parameter"] == parameter


def test_limit_and_offset_that_are_not_whole_numbers_are_400s_in_a_search(client, world):
    for value in [*NOT_WHOLE_NUMBERS, -1, 0.5, 1.0, True, None, [], {}, 10**100]:
        for key in ("limit", "offset"):
            response = client.post("/v3/crud/event/search", json={key: value}, headers=world.headers("read"))
            assert assert_refused(response, 400)["pointer"] == f"/{key}"


NUMBER_FILTERS = [("/v3/crud/event_session/", "sort__gte"), ("/v3/crud/event_session/", "sort__lte"),
                  ("/v3/crud/event/", "hide"), ("/v3/crud/event/{event}/event_location/", "capacity"),
                  ("/v3/crud/spirit_event/", "min_importance"), ("/v3/crud/spirit_event/", "importance_score")]


@pytest.mark.parametrize("template,parameter", NUMBER_FILTERS, ids=[f"{t} {p}" for t, p in NUMBER_FILTERS])
def test_a_number_filter_that_is_no_number_is_a_400_naming_it(client, world, template, parameter):
    decimal = "importance" in parameter
    for value in [*NOT_WHOLE_NUMBERS, "99999999999999999999", "-9223372036854775809", "1e30000", "1" + "0" * 400]:
        if value == "-1" or decimal and value in ("1e3", "5.0", "99999999999999999999", "-9223372036854775809"):
            continue  # numbers the column takes (matching nothing)
        response = client.get(world.url(template), params={parameter: value}, headers=world.headers("read"))
        assert assert_refused(response, 400)["parameter"] == parameter


def test_sort_names_a_field_and_nothing_else(client, world):
    for value in ("\u2460", "-\u2460", "name,\u00b2", "1", "-", "--name", "name,,sort", ",", "name," * 10):
        response = client.get("/v3/crud/event/", params={"sort": value}, headers=world.headers("read"))
        assert assert_refused(response, 400)["parameter"] == "sort"


# --- Search bodies with the wrong JSON types ---------------------------------------------

JUNK_SEARCHES = [
    {"view": []}, {"view": {}}, {"view": 1}, {"view": None}, {"view": True},
    {"sort": [[]]}, {"sort": [{}]}, {"sort": [1]}, {"sort": [None]}, {"sort": []}, {"sort": {}}, {"sort": ["-"]},
    {"sort": [""]}, {"sort": ["name"] * 6}, {"sort": "name"},
    {"where": {"field": {}}}, {"where": {"field": []}}, {"where": {"op": []}}, {"where": {"op": {}}},
    {"where": {"field": "name", "op": []}}, {"where": {"field": "name", "op": {}, "value": "x"}},
    {"where": {"field": "name", "op": "eq", "value": {}}}, {"where": {"field": "name", "op": "eq", "value": []}},
    {"where": {"field": "name", "op": "in", "value": [[]]}}, {"where": {"field": "name", "op": "in", "value": [{}]}},
    {"where": {"field": "name", "op": "in", "value": {}}}, {"where": {"field": "name", "op": "in", "value": "ab"}},
    {"where": {"field": "name", "op": "between", "value": [[], {}]}},
    {"where": {"field": "sort", "op": "between", "value": {}}}, {"where": {"field": "name", "op": "is_null", "value": []}},
    {"where": {"field": "name", "op": "contains", "value": []}}, {"where": {"field": "name", "op": "like", "value": {}}},
    {"where": {"field": "sort", "op": "contains", "value": 1}},
    {"where": {"and": {}}}, {"where": {"and": [[]]}}, {"where": {"or": [None]}}, {"where": {"or": "x"}},
    {"where": {"not": []}}, {"where": {"not": None}}, {"where": {"not": {}}}, {"where": {"and": [], "or": []}},
    {"where": {"has": []}}, {"where": {"has": "event_session"}}, {"where": {"has": {}}}, {"where": {"has": None}},
    {"where": {"has": {"type": []}}}, {"where": {"has": {"type": {}}}}, {"where": {"has": {"type": None}}},
    {"where": {"has": {"type": ["event_session"]}}}, {"where": {"has": {"type": "event_session", "where": []}}},
    {"where": {"has": {"type": "event_session", "where": {}}}}, {"where": {"has": {"type": "event_session", "x": 1}}},
    {"where": {"has": {"type": "event"}}}, {"where": {"has": {"type": "a" * 1000}}},
    {"where": []}, {"where": "name"}, {"where": 1}, {"where": None}, {"where": True},
    {"limit": []}, {"limit": "10"}, {"offset": {}}, {"count": []}, {"count": "true"}, {"count": None},
    {"include_deleted": "yes"}, {"include_deleted": None}, {"include_deleted": 1},
    {"cursor": 1}, {"cursor": []}, {"cursor": {}}, {"cursor": ""}, {"cursor": True}, {"cursor": "\u00e9.\u00e9"},
    {"": 1}, {"where ": {}}, {"WHERE": {}},
]


@pytest.mark.parametrize("template", ["/v3/crud/event/search", "/v3/crud/event/{event}/event_session/search"])
def test_a_search_body_with_the_wrong_json_types_is_a_400(client, world, template):
    for body in JUNK_SEARCHES:
        response = client.post(world.url(template), json=body, headers=world.headers("read"))
        assert assert_refused(response, 400)["code"] == "invalid_search", body


def test_a_search_body_that_is_no_object_is_a_400(client, world):
    for body in ([], [{"where": {}}], "where", 1, None, True):
        response = client.post("/v3/crud/event/search", json=body, headers=world.headers("read"))
        assert_refused(response, 400)


# --- Forged cursors ----------------------------------------------------------------------

def encoded(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


FORGED_PAYLOADS = [b'{"s":["name","id_random"],"v":[Infinity,"x"]}', b'{"s":["name","id_random"],"v":[NaN,"x"]}',
                   b'{"s":["name","id_random"],"v":[1e400,"x"]}', deep(5_000),
                   b'{"s":["name","id_random"],"v":["\\ud800","x"]}', b'{"s":["name","id_random"],"v":[{},[]]}',
                   b'{"s":"name","v":"ab"}', b"\xff\xfe", b"[]", b'{"s":["name","id_random"],"v":["a"]}', b""]


def cursor_answers(client, world, cursor, sort="name"):
    """The answers to a cursor sent in a search body and in a GET list's query string."""
    read = world.headers("read")
    body = client.post("/v3/crud/event/search", json={"sort": [sort], "cursor": cursor}, headers=read)
    query = client.get("/v3/crud/event/", params={"sort": sort, "cursor": cursor}, headers=read)
    return body, query


def assert_cursor_refused(answers, detail="not a cursor this API gave out"):
    body, query = answers
    problem = assert_refused(body, 400)
    assert problem["pointer"] == "/cursor" and detail in problem["detail"], problem
    problem = assert_refused(query, 400)
    assert problem["parameter"] == "cursor" and detail in problem["detail"], problem


def test_a_forged_cursor_is_a_400_unread(client, world):
    for payload in FORGED_PAYLOADS[:-1]:  # the empty one: `?cursor=` is no cursor
        for signature in ("", "AAAAAAAAAAAAAAAAAAAAAA", encoded(secrets.token_bytes(16)), "\u00e9" * 22):
            assert_cursor_refused(cursor_answers(client, world, f"{encoded(payload)}.{signature}".rstrip(".")))
    for junk in ("\u00e9", ".", "..", "a.b.c", "%00", "=" * 40, "A" * 5000 + "." + "A" * 22):
        assert_cursor_refused(cursor_answers(client, world, junk))


def test_a_signed_payload_that_is_no_cursor_is_a_400(client, world, settings):
    """Only a holder of the key (another version or deployment with the same key) can sign one."""
    for payload in FORGED_PAYLOADS:
        text = encoded(payload)
        cursor = f"{text}.{search._signature(settings.cursor_key, text)}"
        assert_cursor_refused(cursor_answers(client, world, cursor))


def next_cursor(client, world, url, sort):
    page = client.post(world.url(url), json={"sort": sort, "limit": 1}, headers=world.headers("read")).json()
    assert page["next_cursor"], page
    return page["next_cursor"]


def test_a_real_cursor_changed_in_one_character_is_a_400(client, world):
    cursor = next_cursor(client, world, "/v3/crud/event/search", ["name"])
    assert cursor_answers(client, world, cursor)[0].status_code == 200
    for i, original in enumerate(cursor):
        for replacement in {"A", "z", "0", "_", "-", ".", "\u00e9"} - {original}:
            assert_cursor_refused(cursor_answers(client, world, cursor[:i] + replacement + cursor[i + 1:]))
    for changed in (cursor + "A", cursor[:-1], cursor[1:], "." + cursor, cursor.replace(".", "..")):
        assert_cursor_refused(cursor_answers(client, world, changed))


def test_a_cursor_used_with_another_sort_order_is_a_400(client, world):
    cursor = next_cursor(client, world, "/v3/crud/event/search", ["name"])
    other = "this cursor belongs to a list in another sort order"
    for sort in ("-name", "sort", "start_on"):
        assert_cursor_refused(cursor_answers(client, world, cursor, sort), other)
    read = world.headers("read")
    descending = next_cursor(client, world, "/v3/crud/event/search", ["-name"])
    assert_refused(client.get("/v3/crud/event/", params={"cursor": descending}, headers=read), 400)  # default sort
    sessions = "/v3/crud/event/{event}/event_session/"
    for url in (sessions, "/v3/crud/event_session/"):
        problem = assert_refused(client.get(world.url(url), params={"cursor": cursor}, headers=read), 400)
        assert problem["parameter"] == "cursor"
    session_cursor = next_cursor(client, world, sessions + "search", ["-start_on"])
    assert_cursor_refused(cursor_answers(client, world, session_cursor, "name"), other)
    both = {"sort": ["name"], "cursor": cursor, "offset": 1}
    response = client.post("/v3/crud/event/search", json=both, headers=read)
    assert assert_refused(response, 400)["pointer"] == "/offset"


# --- Bodies over the size limit ----------------------------------------------------------

def oversized(limit):
    """A JSON object one byte over the limit."""
    raw = b'{"name": "' + b"x" * (limit - 11) + b'"}'
    assert len(raw) == limit + 1
    return raw


def streamed(raw, size=64 * 1024):
    async def chunks():
        for start in range(0, len(raw), size):
            yield raw[start:start + size]
    return chunks()


@pytest.mark.parametrize("route", BODY_ROUTES, ids=BODY_ROUTE_IDS)
def test_a_body_over_the_limit_is_a_413_declared_or_streamed(client, world, settings, route):
    raw = oversized(settings.max_body_bytes)
    problem = assert_refused(send(client, world, route, raw), 413)
    assert problem["code"] == "body_too_large" and problem["limit"] == settings.max_body_bytes
    response = send(client, world, route, streamed(raw))
    assert "content-length" not in response.request.headers  # sent chunked: only the stream tells the size
    assert assert_refused(response, 413)["code"] == "body_too_large"


def test_a_body_of_exactly_the_limit_is_read(client, world, settings):
    body = b'{"limit": 1}'
    raw = body + b" " * (settings.max_body_bytes - len(body))
    response = client.post("/v3/crud/event/search", content=raw, headers={**world.headers("read"), **JSON})
    assert response.status_code == 200, response.text
    over = client.post("/v3/crud/event/search", content=raw + b" ", headers={**world.headers("read"), **JSON})
    assert_refused(over, 413)


def test_a_declared_length_over_the_limit_is_refused_before_reading(client, world, settings):
    """The declared Content-Length alone answers: the 413 comes whatever (or however little) follows."""
    headers = {**world.headers(), **JSON, "content-length": str(settings.max_body_bytes + 1)}
    async def short():
        yield b'{"name": "x"}'
    assert_refused(client.post("/v3/crud/event/", content=short(), headers=headers), 413)


# --- Statements bigger than MariaDB takes ------------------------------------------------

def statement_bytes(app, world, url_kind, body):
    """The size of the SELECT a search body compiles to, values escaped as the driver sends them."""
    services = app.state.services
    kind = services.registry.get(url_kind)
    query = search.from_body(services.registry, kind, body, services.settings.cursor_key)
    sql = search.Sql(query).page()
    values = {**query.params, "account": 1, "parent": None, "id": None}
    escaped = {name: pymysql.converters.escape_item(value, "utf8mb4") for name, value in values.items()}
    return len((sql % escaped).encode())


def largest_searches(limit):
    """Search bodies just under the body limit that bind as many bytes as the rules allow: each
    byte of a value that the driver quotes (') or LIKE escapes (%, _) is two bytes of SQL."""
    per_value = (limit - 40_000) // 5_000 - 3  # 5 lists of 1,000 values: the 5,000 bound values a search may hold
    quotes = [{"field": "name", "op": "in", "value": ["'" * per_value] * 1000} for _ in range(5)]
    percents = {"field": "name", "op": "contains", "value": "%_'" * (search.MAX_TEXT // 3)}
    starts = {"field": "name", "op": "starts_with", "value": "%" * search.MAX_TEXT}
    has = {"not": {"has": {"type": "event_session", "where": starts}}}
    return {"quoted in-lists": {"where": {"or": quotes}},
            "LIKE-escaped contains": {"where": {"or": [percents] * 200}},
            "has subqueries": {"where": {"or": [has] * 100}, "count": True}}


def test_the_largest_search_the_limits_allow_stays_under_max_allowed_packet(app, client, world, settings, database):
    with database.cursor() as cursor:
        cursor.execute("SELECT @@max_allowed_packet AS packet")
        packet = cursor.fetchone()["packet"]
    for name, body in largest_searches(settings.max_body_bytes).items():
        raw = json.dumps(body).encode()
        assert len(raw) <= settings.max_body_bytes, (name, len(raw))
        size = statement_bytes(app, world, "event", body)
        # A value byte is at most two bytes of SQL; the rest (conditions, 200 subqueries at most) is small.
        assert size < 2 * len(raw) + 64 * 1024 and 2 * settings.max_body_bytes + 64 * 1024 < packet, (name, size)
        response = client.post("/v3/crud/event/search", content=raw, headers={**world.headers("read"), **JSON})
        assert response.status_code == 200, (name, response.text[:300])


def test_more_than_5000_bound_values_is_a_400_before_any_sql(client, world):
    lists = [{"field": "code", "op": "in", "value": [f"c{i}" for i in range(1000)]} for _ in range(5)]
    body = {"where": {"or": [*lists, {"field": "name", "op": "eq", "value": "one too many"}]}}
    problem = assert_refused(client.post("/v3/crud/event/search", json=body, headers=world.headers("read")), 400)
    assert problem["pointer"] == "/where/or/5/value" and "5000 values" in problem["detail"]


# --- Over-long names and ids -------------------------------------------------------------

LONG_NAME_REQUESTS = [
    ("GET", "/v3/lookup/" + "a" * 200 + "/"), ("GET", "/v3/lookup/" + "a" * 64 + "/"),
    ("GET", "/v3/lookup/" + "a" * 65 + "/"), ("GET", "/v3/lookup/" + "a" * 64 + "/resolve?q=US"),
    ("PUT", "/v3/lookup/" + "a" * 64 + "/US/override"), ("DELETE", "/v3/lookup/" + "a" * 64 + "/US/override"),
    ("POST", "/v3/lookup/" + "a" * 64 + "/overrides"), ("PUT", "/v3/lookup/" + "a" * 200 + "/US/override"),
    ("DELETE", "/v3/lookup/country/" + "G" * 5000 + "/override"),
    ("PUT", "/v3/lookup/country/" + "G" * 5000 + "/override"),
    ("PUT", "/v3/lookup/country/" + "\u00e9" * 101 + "/override"),
    ("GET", "/v3/lookup/country/?for_type=" + "a" * 300 + "&for_id_random=abcdefghijk"),
    ("GET", "/v3/lookup/country/?for_type=" + "a" * 64 + "&for_id_random=abcdefghijk"),
    ("GET", "/v3/lookup/country/?for_type=event&for_id_random=" + "a" * 300),
    ("DELETE", "/v3/auth/api-keys/" + "a" * 200), ("DELETE", "/v3/auth/api-keys/" + "a" * 12),
    ("GET", "/v3/crud/" + "a" * 200 + "/"), ("GET", "/v3/crud/" + "a" * 64 + "/"),
    ("POST", "/v3/crud/" + "a" * 64 + "/"),
    ("POST", "/v3/crud/" + "a" * 64 + "/search"), ("GET", "/v3/crud/" + "a" * 64 + "/schema"),
    ("GET", "/v3/crud/event/" + "a" * 200), ("PATCH", "/v3/crud/event/" + "a" * 12),
    ("GET", "/v3/crud/event/" + "a" * 200 + "/event_session/"), ("GET", "/v3/crud/event/{event}/" + "a" * 64 + "/"),
    ("GET", "/v3/crud/" + "a" * 64 + "/{event}/event_session/"),
    ("GET", "/v3/lookup/country/resolve?q=" + "a" * 300 + "&for_type=event&for_id_random=" + "a" * 300),
]


@pytest.mark.parametrize("method,url", LONG_NAME_REQUESTS, ids=[f"{m} {u[:60]}" for m, u in LONG_NAME_REQUESTS])
def test_an_over_long_type_group_or_id_is_a_4xx_naming_no_parameter(client, world, method, url):
    body = None if method in ("GET", "DELETE") else {"name": "x"}
    if url.endswith("/overrides"):
        body = {"overrides": [{"group": "US", "name": "x"}]}
    response = client.request(method, world.url(url), json=body, headers=world.headers())
    assert_refused(response, 400, 404, 422)


def test_over_long_names_in_bodies_are_422s_naming_a_field(client, world):
    admin = world.headers()
    cases = [
        ("POST", "/v3/crud/address/", {"for_type": "a" * 300, "for_id_random": "{person}"}, "for_type"),
        ("POST", "/v3/crud/address/", {"for_type": "a" * 64, "for_id_random": "{person}"}, "for_type"),
        ("POST", "/v3/crud/event/", {"name": "x", "a" * 1000: 1}, "body"),
        ("POST", "/v3/crud/event/", {"name": "x", "b" * 65: 1}, "body"),
        ("PUT", "/v3/lookup/country/US/override", {"for_type": "a" * 300, "for_id_random": "abcdefghijk"}, "for_type"),
        ("PUT", "/v3/lookup/country/US/override", {"name": "x", "c" * 1000: 1}, "body"),
        ("POST", "/v3/lookup/country/overrides", {"overrides": [{"group": "G" * 5000, "name": "x"}]},
         "overrides/0/group"),
        ("POST", "/v3/lookup/country/overrides", {"overrides": [{"group": "US", "d" * 300: 1}]}, "overrides/0/body"),
    ]
    for method, url, body, field in cases:
        body = {key: world.url(value) if isinstance(value, str) else value for key, value in body.items()}
        response = client.request(method, world.url(url), json=body, headers=admin)
        assert assert_refused(response, 422).get("field") == field, (url, body)


def test_an_over_long_has_type_or_field_is_a_400(client, world):
    for where in ({"has": {"type": "a" * 1000}}, {"field": "a" * 1000, "op": "eq", "value": 1},
                  {"field": "name", "op": "a" * 1000, "value": 1}):
        response = client.post("/v3/crud/event/search", json={"where": where}, headers=world.headers("read"))
        assert_refused(response, 400)
