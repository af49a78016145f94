"""Generated hostile input against the real app, in process: the body parser, the search
compiler, and the readers of ids, query parameters and headers.

Whatever comes in, the answer is never a 5xx; an error is a 4xx problem+json that shows no SQL,
routine variable, driver or stack; input that cannot be valid gets such an error. Failures
shrink to their smallest input (hypothesis). AE_FUZZ_SCALE=10 runs ten times the examples.
tests/api/test_hostile_input.py holds the same classes as fixed cases.
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import string
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from api import accounts
from api import search as search_module
from api.search import BODY_KEYS, GROUPS, LIST_PARAMETERS, OPERATORS
from tests.api.conftest import PASSWORD, assert_refused, crud_builder, login, make_tenant
from tests.client import random_address

SCALE = float(os.environ.get("AE_FUZZ_SCALE", "1"))
JSON = {"content-type": "application/json"}


def examples(count):
    return settings(max_examples=max(1, int(count * SCALE)), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])


def assert_answered(response, invalid=False):
    """Never a 5xx; any error (and any answer to input that cannot be valid) a clean 4xx problem."""
    request = response.request
    assert response.status_code < 500, f"{request.method} {request.url}: {response.text[:500]}"
    if invalid or response.status_code >= 400:
        assert_refused(response)


@dataclass
class Target:
    """The fuzzed tenant, its objects, the schemas the generators read, and a client address of
    its own (so login throttling counts no other test's attempts)."""
    client: object
    headers: dict
    account: str
    ids: dict
    schemas: dict
    jwt_key: str
    cursor_key: bytes
    token: str
    user: str

    def signed(self, payload):
        """A cursor signed with the real key around any bytes (as only a holder of the key could)."""
        text = search_module._b64(payload)
        return f"{text}.{search_module._signature(self.cursor_key, text)}"

    def url(self, template):
        return template.format(**self.ids)

    def request(self, method, url, **kwargs):
        return self.client.request(method, self.url(url), **kwargs)


@pytest.fixture(scope="module")
def target(client, app):
    tenant = make_tenant(client, app.state.services.db, "Fuzz")
    builder = crud_builder(client, tenant)
    event = builder.make("event")["id_random"]
    builder.make("event")
    spirit = builder.make("spirit")["id_random"]
    ids = {"event": event, "session": builder.make("event_session", event)["id_random"],
           "track": builder.make("event_track", event)["id_random"], "spirit": spirit,
           "spirit_event": builder.make("spirit_event", spirit)["id_random"],
           "person": builder.make("person")["id_random"], "address": builder.make("address")["id_random"],
           "account": tenant.account}
    builder.make("event_session", event)
    schemas = {kind: client.get(f"/v3/crud/{kind}/schema", headers=tenant.headers()).json()
               for kind in ("event", "event_session", "spirit_event", "address", "user")}
    token = login(client, tenant.email)
    user = client.get("/v3/auth/me", headers={"authorization": f"Bearer {token}"}).json()["principal_id_random"]
    ids["member"] = client.run(lambda: add_member(app.state.services.db, tenant.account, f"member-{user}@fuzz.test"))
    return Target(client.at(random_address()), tenant.headers("admin"), tenant.account, ids, schemas,
                  app.state.services.settings.jwt_key, app.state.services.settings.cursor_key, token, user)


async def add_member(db, account, email):
    member = await accounts.create_user(db, email, PASSWORD)
    await accounts.add_member(db, account, member, "read")
    return member


# --- Generators --------------------------------------------------------------------------

# Any character, lone surrogates included (json.dumps escapes them: "\ud800").
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=()), max_size=24)
# What a URL or a header can carry: no surrogates.
URL_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
DIGITS = "0123456789\u00b2\u00b3\u00b9\u2460\u2461\u0660\u0661\u0662\u06f5\u0966\uff11\uff19\u00bd_ .+-eE"
NUMBER_TEXT = st.text(alphabet=DIGITS, max_size=12) | st.integers().map(str) | st.floats().map(str)
ID_ALPHABET = string.ascii_letters + string.digits + "-_"
NEAR_IDS = (st.text(alphabet=ID_ALPHABET, min_size=10, max_size=12)
            | st.text(alphabet=ID_ALPHABET + "\u00e9\uff41\n%/=+ \u0301", min_size=11, max_size=11))
SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(-2**64, 2**64) | st.floats()
           | ANY_TEXT | NEAR_IDS | NUMBER_TEXT)
JSON_VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4), max_leaves=16)


def nested(value, levels, bracket):
    for _ in range(levels):
        value = [value] if bracket == "[" else {"a": value}
    return value


DEEP_VALUES = st.builds(nested, JSON_VALUES, st.integers(20, 40), st.sampled_from("[{"))


def dumps(value):
    """JSON text as a hostile client writes it: NaN and Infinity allowed, surrogates escaped."""
    try:
        return json.dumps(value).encode()
    except (ValueError, RecursionError):  # an integer past Python's 4,300 digits
        return b"0"


# The ends of the range with offsets that carry them past it in UTC (9999-12-31T23:59:59-12:00).
EDGE_MOMENTS = st.tuples(
    st.sampled_from(["9999-12-31T23:59:59", "0001-01-01T00:00:00", "1000-01-01T00:00:00", "1970-01-01T00:00:00",
                     "2038-01-19T03:14:08", "9999-12-31", "0000-00-00T00:00:00"]),
    st.sampled_from(["", "Z", "+14:00", "-12:00", "+00:00", "-00:01", "+23:59"])).map("".join)


def typed_values(field):
    """Values of the field's own type (mostly valid), and near misses."""
    sql_type = field["sql_type"]
    if field["name"].endswith("id_random"):
        return NEAR_IDS | st.sampled_from(["abcdefghijk", "AAAAAAAAAAA"])
    if sql_type.startswith("tinyint(1)"):
        return st.booleans() | st.integers(-2, 2)
    if "int" in sql_type:
        return st.integers(-2**63, 2**63) | st.integers(-5, 5)
    if sql_type.startswith(("decimal", "float", "double")):
        return st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**20, 10**20)
    if sql_type.startswith(("datetime", "timestamp", "date")):
        moments = st.datetimes(timezones=st.none() | st.timezones()).map(datetime.datetime.isoformat)
        return moments | EDGE_MOMENTS | st.dates().map(datetime.date.isoformat) | NUMBER_TEXT
    if field["name"].endswith("_json"):
        return JSON_VALUES | DEEP_VALUES
    if sql_type.startswith("enum("):
        words = re.findall(r"'([^']*)'", sql_type)
        near = [word.upper() + " " for word in words]
        return st.sampled_from(words + near) | st.integers(0, len(words) + 1) | st.text(max_size=10)
    return st.text(max_size=30) | st.text(alphabet="%_!\\'\"`", max_size=8) | st.text(min_size=190, max_size=260)


# Field names past the 64 characters of a column name, and integer id names of that length.
LONG_KEYS = st.text(alphabet=string.ascii_lowercase + "_", min_size=60, max_size=90) | st.integers(58, 80).map(
    lambda length: "a" * length + "_id")


def bodies(keys, fields=()):
    """JSON objects that mostly name fields the route reads, with values of their types or of any
    JSON type."""
    typed = [st.tuples(st.just(f["name"]), typed_values(f) | JSON_VALUES) for f in fields]
    names = st.sampled_from(keys) | ANY_TEXT | LONG_KEYS
    pairs = st.one_of(*typed, st.tuples(names, JSON_VALUES | DEEP_VALUES))
    return st.lists(pairs, max_size=6).map(dict)


# Every route that reads a body, and the field names it reads.
CRUD_KEYS = ["name", "code", "description", "time_zone", "start_on", "end_on", "enable", "hide", "sort", "cfg_json",
             "site_id_random", "venue_name", "id", "id_random", "site_id", "created_on"]
OVERRIDE_KEYS = ["name", "description", "sort", "enable", "hide", "for_type", "for_id_random", "group"]
BODY_ROUTES = {
    ("POST", "/v3/auth/login"): ["email", "password"],
    ("POST", "/v3/crud/event/"): CRUD_KEYS,
    ("PATCH", "/v3/crud/event/{event}"): CRUD_KEYS,
    ("PATCH", "/v3/crud/event/{event}/event_session/{session}"): CRUD_KEYS + ["meta_json", "event_track_id_random"],
    ("POST", "/v3/crud/event/search"): list(BODY_KEYS),
    ("POST", "/v3/crud/event/{event}/event_session/search"): list(BODY_KEYS),
    ("PUT", "/v3/lookup/country/US/override"): OVERRIDE_KEYS,
    ("POST", "/v3/lookup/country/overrides"): ["overrides"],
}
ROUTES = st.sampled_from(sorted(BODY_ROUTES))
JSON_CHARACTERS = "{}[]\",:0123456789.eE-+ \\u\ntrufalsnNIiy"
BATCHES = st.lists(bodies(OVERRIDE_KEYS), max_size=4).map(lambda items: {"overrides": items}) | bodies(["overrides"])


def post(target, route, raw):
    method, url = route
    headers = {**JSON, **({} if url == "/v3/auth/login" else target.headers)}
    return target.request(method, url, content=raw, headers=headers)


# --- The body parser ---------------------------------------------------------------------

@examples(600)
@given(route=ROUTES, raw=st.binary(max_size=64) | st.text(alphabet=JSON_CHARACTERS).map(str.encode))
def test_any_bytes_to_any_body_route_is_never_a_5xx(target, route, raw):
    try:
        an_object = isinstance(json.loads(raw), dict)
    except (ValueError, RecursionError):
        an_object = False
    assert_answered(post(target, route, raw), invalid=not an_object)


@examples(500)
@given(route=ROUTES, value=JSON_VALUES | DEEP_VALUES)
def test_any_json_to_any_body_route_is_never_a_5xx(target, route, value):
    assert_answered(post(target, route, dumps(value)), invalid=not isinstance(value, dict))


@examples(600)
@given(data=st.data(), route=ROUTES)
def test_bodies_naming_the_fields_a_route_reads_are_never_a_5xx(target, data, route):
    """Objects with the route's own keys reach past the parser: into the search compiler, the
    procedures and login (some of them are valid and write; the tenant is the fuzzer's own)."""
    kind = "event_session" if "event_session" in route[1] else "event"
    fields = [f for f in target.schemas[kind]["fields"] if f["writable"]] if route[1].startswith("/v3/crud") else []
    strategy = BATCHES if route[1].endswith("/overrides") else bodies(BODY_ROUTES[route], fields)
    assert_answered(post(target, route, dumps(data.draw(strategy))))


UPDATES = {"/v3/crud/event/{event}": "event", "/v3/crud/event/{event}/event_session/{session}": "event_session",
           "/v3/crud/spirit/{spirit}/spirit_event/{spirit_event}": "spirit_event",
           "/v3/crud/address/{address}": "address", "/v3/crud/user/{member}": "user"}


@examples(300)
@given(data=st.data(), url=st.sampled_from(sorted(UPDATES)))
def test_updates_with_values_of_each_fields_type_are_never_a_5xx_and_refused_ones_change_nothing(target, data, url):
    """Each writable field with values of its own SQL type or near misses (datetimes in any time
    zone from year 1 to 9999, integers past 64 bits, 11-character ids with an accent, JSON of any
    depth): into the procedures' conversions and checks. Updates, so the tenant gains no rows."""
    fields = [f for f in target.schemas[UPDATES[url]]["fields"] if f["writable"]]
    pairs = st.sampled_from(fields).flatmap(lambda f: st.tuples(st.just(f["name"]), typed_values(f)))
    body = data.draw(st.lists(pairs, min_size=1, max_size=3).map(dict))
    before = target.request("GET", url, headers=target.headers).json()
    response = target.request("PATCH", url, content=dumps(body), headers={**target.headers, **JSON})
    assert_answered(response)
    if response.status_code >= 400:
        assert target.request("GET", url, headers=target.headers).json() == before


# --- The search compiler -----------------------------------------------------------------

def values_for(operator, field):
    """A value of the shape the operator takes, of the field's type (the rules of api.search)."""
    one = typed_values(field)
    shape = OPERATORS[operator].value
    if shape == "list":
        return st.lists(one, min_size=1, max_size=5)
    if shape == "pair":
        return st.lists(one, min_size=2, max_size=2)
    if shape == "flag":
        return st.booleans()
    if shape in ("contains", "starts_with", "ends_with", "pattern"):
        return st.text(max_size=20) | st.text(alphabet="%_!\\ab", max_size=8)
    return one


def where_nodes(schemas, kind, junk):
    """Conditions a client could mean (a searchable field of the type, an operator of the
    schema, a value of that operator's shape and of the field's type, or a near miss such as an
    11-character id with an accent), in and/or/not groups and has on the type's children (with
    the child's own conditions). With `junk`, also conditions with values of any JSON type, nodes
    of any JSON type, groups with two keys and has on types that are no children."""
    schema = schemas[kind]
    searchable = st.sampled_from([f for f in schema["fields"] if f["searchable"] and "default" in f["views"]])
    operators = sorted(schema["search"]["operators"])
    children = [child for child in schema["children"] if child in schemas]

    def meant(field):
        return st.sampled_from(operators).flatmap(lambda op: st.fixed_dictionaries(
            {"field": st.just(field["name"]), "op": st.just(op), "value": values_for(op, field)}))

    def loose(field):
        value = typed_values(field) | st.lists(typed_values(field)) | JSON_VALUES
        return st.fixed_dictionaries({"field": st.just(field["name"]), "op": st.sampled_from(operators) | ANY_TEXT},
                                     optional={"value": value})
    leaf = searchable.flatmap(meant)
    if junk:
        names = st.sampled_from([f["name"] for f in schema["fields"]]) | ANY_TEXT | JSON_VALUES
        anything = st.fixed_dictionaries({"field": names, "op": JSON_VALUES}, optional={"value": JSON_VALUES})
        leaf = st.one_of(leaf, searchable.flatmap(loose), anything, JSON_VALUES)

    def extend(inner):
        groups = [st.lists(inner, min_size=1, max_size=4).map(lambda items: {"and": items}),
                  st.lists(inner, min_size=1, max_size=4).map(lambda items: {"or": items}),
                  inner.map(lambda item: {"not": item})]
        for child in children:
            groups.append(st.just({"has": {"type": child}}))
            groups.append(where_nodes(schemas, child, junk).map(
                lambda where, child=child: {"has": {"type": child, "where": where}}))
        if junk:
            keys = st.sampled_from(GROUPS + ("field", "op", "value"))
            groups.append(st.dictionaries(keys, inner, min_size=2, max_size=3))
            groups.append(st.lists(inner, max_size=1).map(lambda items: {"and": items} if items else {"or": []}))
            groups.append(st.tuples(ANY_TEXT | st.sampled_from(["event", "event_track", kind]), inner).map(
                lambda pair: {"has": {"type": pair[0], "where": pair[1]}}))
        return st.one_of(*groups)
    return st.recursive(leaf, extend, max_leaves=8)


def cursors(target):
    """Text that is no cursor, and payloads of any JSON (or none) signed with the real key."""
    signed = (JSON_VALUES.map(dumps) | st.binary(max_size=20)).map(target.signed)
    return ANY_TEXT | signed


def search_bodies(target, kind, junk):
    """A search body: every key of the shape it takes, or (with `junk`) of any JSON type too."""
    schemas = target.schemas
    schema = schemas[kind]
    searchable = [f["name"] for f in schema["fields"] if f["searchable"] and "default" in f["views"]]
    terms = st.sampled_from(searchable).flatmap(lambda name: st.sampled_from([name, f"-{name}"]))
    keys = {
        "where": where_nodes(schemas, kind, junk),
        "sort": st.lists(terms, min_size=1, max_size=5, unique_by=lambda term: term.lstrip("-")),
        "limit": st.integers(1, 1000), "offset": st.integers(0, 5), "count": st.booleans(),
        "view": st.just("default"), "include_deleted": st.booleans(), "cursor": st.none(),
    }
    if junk:  # mostly valid still: the body is read key by key, and the first mistake answers
        keys = {key: st.one_of(value, value, value, JSON_VALUES | ANY_TEXT) for key, value in keys.items()}
        keys["sort"] |= st.lists(terms | ANY_TEXT, max_size=7)
        keys["view"] |= st.sampled_from(sorted(schema["views"]))
        keys["cursor"] |= cursors(target)
    return st.fixed_dictionaries({}, optional=keys)


SEARCH_URLS = {"/v3/crud/event_session/search": "event_session", "/v3/crud/event/search": "event",
               "/v3/crud/event/{event}/event_session/search": "event_session",
               "/v3/crud/spirit_event/search": "spirit_event", "/v3/crud/address/search": "address"}


def search(target, url, body):
    return target.request("POST", url, content=dumps(body), headers={**target.headers, **JSON})


@examples(500)
@given(data=st.data(), url=st.sampled_from(sorted(SEARCH_URLS)))
def test_searches_a_client_could_mean_are_answered_or_refused_never_a_5xx(target, data, url):
    response = search(target, url, data.draw(search_bodies(target, SEARCH_URLS[url], junk=False)))
    assert_answered(response)
    if response.status_code == 200:
        assert set(response.json()) >= {"data", "has_more", "next_cursor"}


@examples(400)
@given(data=st.data(), url=st.sampled_from(sorted(SEARCH_URLS)))
def test_searches_with_junk_anywhere_are_never_a_5xx(target, data, url):
    assert_answered(search(target, url, data.draw(search_bodies(target, SEARCH_URLS[url], junk=True))))


# --- The readers of ids, query parameters and headers ------------------------------------

PATH_TEMPLATES = [
    ("GET", "/v3/crud/{x}/"), ("GET", "/v3/crud/event/{x}"), ("PATCH", "/v3/crud/event/{x}"),
    ("DELETE", "/v3/crud/event_session/{x}"), ("GET", "/v3/crud/event/{event}/{x}/"),
    ("GET", "/v3/crud/event/{x}/event_session/"), ("POST", "/v3/crud/event/{x}/event_session/search"),
    ("GET", "/v3/crud/event/{event}/event_session/{x}"), ("POST", "/v3/crud/spirit/{x}/restore"),
    ("GET", "/v3/crud/{x}/schema"), ("POST", "/v3/crud/{x}/search"), ("GET", "/v3/lookup/{x}/"),
    ("GET", "/v3/lookup/{x}/resolve?q=US"), ("DELETE", "/v3/lookup/country/{x}/override"),
    ("PUT", "/v3/lookup/country/{x}/override"), ("POST", "/v3/lookup/{x}/overrides"),
    ("DELETE", "/v3/auth/api-keys/{x}"), ("GET", "/v3/{x}"),
]
SEGMENTS = (URL_TEXT | NEAR_IDS.filter(lambda text: "\n" not in text) | st.text(alphabet=ID_ALPHABET, max_size=80)
            | st.sampled_from(["event", "event_session", "schema", "search", "..", ".", "%", "country"]))


@examples(400)
@given(data=st.data(), template=st.sampled_from(PATH_TEMPLATES), raw=st.booleans())
def test_generated_path_segments_are_never_a_5xx(target, data, template, raw):
    method, path = template
    segment = data.draw(SEGMENTS)
    plain = raw and segment.isascii() and segment.isprintable() and not set(segment) & set("/?#%")
    written = segment if plain else quote(segment, safe="")
    assume(written not in target.ids.values())  # only ever a real id by chance
    # PATCH and PUT send a body refused before anything is written; a DELETE meets an object only
    # if the segment names one of the fuzzer's own.
    body = {"sort": "first"} if method in ("PATCH", "PUT") else {"overrides": []}
    url = target.url(path.replace("{x}", "{{x}}")).replace("{x}", written)
    assert_answered(target.client.request(method, url, json=body, headers=target.headers))


# URLs that name one of the fuzzer's objects, and what may come after the id: a reader that cuts
# it off (a newline before `$`) would read, change or delete the object.
REAL_ID_URLS = [("GET", "/v3/crud/event/{event}"), ("PATCH", "/v3/crud/event/{event}"),
                ("GET", "/v3/crud/event/{event}/event_session/{session}"),
                ("DELETE", "/v3/crud/event_session/{session}"), ("POST", "/v3/crud/spirit/{spirit}/restore"),
                ("GET", "/v3/crud/event/{event}/event_session/"), ("PATCH", "/v3/crud/address/{address}"),
                ("DELETE", "/v3/crud/user/{member}")]
AFTER_AN_ID = (st.sampled_from(["\n", "\r\n", "\t", " ", "%", "\x00", "\u00e9", "\u2028", "x", "="])
               | URL_TEXT.filter(lambda text: text and not text.startswith("/")))


@examples(200)
@given(route=st.sampled_from(REAL_ID_URLS), after=AFTER_AN_ID)
def test_a_real_id_with_anything_after_it_names_nothing(target, route, after):
    method, template = route
    end_of_id = template.rindex("}") + 1
    url = target.url(template[:end_of_id]) + quote(after, safe="") + template[end_of_id:]
    assert_answered(target.client.request(method, url, json={"name": "Renamed"}, headers=target.headers), invalid=True)


def mostly(valid, junk):
    """Mostly the valid values (hypothesis favours what it has not tried yet)."""
    return st.one_of(valid, valid, valid, junk)


def as_text(value):
    return {True: "true", False: "false"}.get(value, str(value)) if isinstance(value, bool) else str(value)


def parameter_values(target):
    return (NUMBER_TEXT | URL_TEXT | NEAR_IDS.filter(str.isprintable) | st.sampled_from(list(target.ids.values()))
            | st.sampled_from(["true", "false", "alt", "default", "-name,sort", "2026-05-01T09:00:00Z", ""]))


def list_parameters(schema, target):
    """(name, value) pairs of a GET list: filters on the type's fields with values of their types,
    the list parameters, and names and values of any kind."""
    def on_field(field):
        names = st.sampled_from([field["name"], f"min_{field['name']}", f"max_{field['name']}"])
        typed = typed_values(field).map(as_text).filter(str.isprintable)
        return st.tuples(names, mostly(typed, parameter_values(target)))
    fields = st.sampled_from([f for f in schema["fields"] if "default" in f["views"]]).flatmap(on_field)
    sort = st.lists(st.sampled_from([f["name"] for f in schema["fields"] if f["searchable"]]), min_size=1, max_size=3,
                    unique=True).map(",".join)
    listing = st.one_of(
        st.tuples(st.sampled_from(["limit", "offset"]), mostly(st.integers(0, 1001).map(str), NUMBER_TEXT)),
        st.tuples(st.just("sort"), mostly(sort, URL_TEXT)),
        st.tuples(st.sampled_from(["count", "include_deleted"]), mostly(st.sampled_from(["true", "false"]), URL_TEXT)),
        st.tuples(st.just("view"), mostly(st.sampled_from(sorted(schema["views"])), URL_TEXT)),
        st.tuples(st.just("cursor"), cursors(target)),
        st.tuples(st.sampled_from(["cursor", *schema["parameter_aliases"]]), parameter_values(target)))
    anything = st.tuples(URL_TEXT | st.sampled_from(list(LIST_PARAMETERS)), parameter_values(target))
    return st.one_of(fields, fields, fields, listing, listing, anything)


def lookup_parameters(target):
    kinds = mostly(st.sampled_from(["event", "person", "event_session"]), URL_TEXT)
    return st.one_of(
        st.tuples(st.just("for_type"), kinds), st.tuples(st.just("for_id_random"), parameter_values(target)),
        st.tuples(st.sampled_from(["include_hidden", "include_disabled"]), mostly(st.just("true"), URL_TEXT)),
        st.tuples(st.just("q"), mostly(st.sampled_from(["US", "fra", "840", "Germany"]), URL_TEXT)),
        st.tuples(st.sampled_from(["country_code", "subdivision_type"]),
                  mostly(st.sampled_from(["FR", "fr"]), URL_TEXT)),
        st.tuples(st.just("limit"), mostly(st.integers(0, 1001).map(str), NUMBER_TEXT)),
        st.tuples(st.just("cursor"), cursors(target)),
        st.tuples(URL_TEXT, parameter_values(target)))


def one_parameters(schema, target):
    return mostly(st.tuples(st.just("view"), st.sampled_from(sorted(schema["views"])))
                  | st.tuples(st.just("include_deleted"), st.sampled_from(["true", "false"])),
                  st.tuples(URL_TEXT | st.sampled_from(["view", "include_deleted"]), parameter_values(target)))


QUERY_URLS = {"/v3/crud/event_session/": "event_session", "/v3/crud/event/{event}/event_session/": "event_session",
              "/v3/crud/spirit_event/": "spirit_event", "/v3/crud/spirit/{spirit}/spirit_event/": "spirit_event",
              "/v3/crud/address/": "address", "/v3/crud/event/": "event", "/v3/crud/event/{event}": "event",
              "/v3/crud/event/{event}/event_session/{session}": "event_session",
              "/v3/lookup/country/": None, "/v3/lookup/country_subdivision/resolve": None,
              "/v3/lookup/time_zone/": None, "/v3/lookup/country_subdivision/": None}


def query_parameters(target, url):
    if QUERY_URLS[url] is None:
        return lookup_parameters(target)
    schema = target.schemas[QUERY_URLS[url]]
    return one_parameters(schema, target) if url.endswith("}") else list_parameters(schema, target)


@examples(500)
@given(data=st.data(), url=st.sampled_from(sorted(QUERY_URLS)))
def test_generated_query_strings_are_never_a_5xx(target, data, url):
    params = data.draw(st.lists(query_parameters(target, url), max_size=4))
    assert_answered(target.request("GET", url, params=params, headers=target.headers))


def forged_token(key, claims):
    """An HS256 JWT signed with the real key around any claims at all."""
    def part(raw):
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")
    header = part(b'{"alg":"HS256","typ":"JWT"}')
    payload = part(dumps(claims))
    signature = part(hmac.new(key.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


CLAIMS = st.fixed_dictionaries(
    {}, optional={"sub": NEAR_IDS | JSON_VALUES, "exp": st.integers(0, 2**40) | JSON_VALUES,
                  "iss": st.just("aether") | JSON_VALUES, "iat": JSON_VALUES, "nbf": JSON_VALUES, "aud": JSON_VALUES})
HEADER_BYTES = st.binary(max_size=60).filter(lambda raw: not set(raw) & set(b"\r\n\0"))
HEADER_TEXT = URL_TEXT.map(lambda text: text.encode()) | HEADER_BYTES | NEAR_IDS.map(str.encode)


def tokens(target):
    """The tenant's real token, tokens signed with the real key around the real user and any
    other claims, around any claims at all, and text that is no token."""
    real_user = CLAIMS.map(lambda claims: {**claims, "sub": target.user, "iss": "aether"})
    return st.one_of(st.just(target.token), real_user.map(lambda claims: forged_token(target.jwt_key, claims)),
                     CLAIMS.map(lambda claims: forged_token(target.jwt_key, claims)),
                     HEADER_TEXT.map(lambda raw: raw.decode("latin-1")))


@examples(500)
@given(data=st.data(), url=st.sampled_from(["/v3/auth/me", "/v3/crud/event/", "/v3/lookup/country/resolve?q=FR"]))
def test_generated_credentials_and_account_headers_are_never_a_5xx(target, data, url):
    headers = {}
    key = data.draw(st.none() | st.just(target.headers["x-api-key"]) | HEADER_TEXT)
    token = data.draw(st.none() | tokens(target))
    if key is not None:
        headers["x-api-key"] = key
    if token is not None:
        scheme = data.draw(st.sampled_from(["Bearer ", "Bearer ", "bearer ", "", "Basic ", "Bearer  "]))
        headers["authorization"] = (scheme + token).encode("latin-1", "replace")
    account = data.draw(st.none() | st.just(target.account) | HEADER_TEXT)
    if account is not None:
        headers["x-account-id"] = account
    assert_answered(target.request("GET", url, headers=headers))
