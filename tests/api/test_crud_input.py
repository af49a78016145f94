"""Bad write bodies get a problem naming the field and change nothing."""

import pytest

from api import accounts
from tests.api.conftest import assert_problem, crud_builder
from tests.samples import token

CASES = [
    ({"name": "x", "id": 5}, 422, "id", "integer ids are never accepted"),
    ({"name": "x", "site_id": 5}, 422, "site_id", "send site_id_random"),
    ({"name": "x", "colour": "red"}, 422, "colour", "unknown field for event"),
    ({"name": "x", "descripton": "y"}, 422, "descripton", "did you mean description?"),
    ({"name": "x", "created_on": "2026-01-01T00:00:00Z"}, 422, "created_on", "read-only"),
    ({"name": "x", "id_random": "aaaaaaaaaaa"}, 422, "id_random", "read-only"),
    ({"name": "x" * 201}, 422, "name", "is too long: at most 200 characters"),
    ({"name": "x", "sort": "first"}, 422, "sort", "must be a whole number from -2147483648 to 2147483647, such as 3"),
    ({"name": "x", "sort": 1.5}, 422, "sort", "must be a whole number"),
    ({"name": "x", "time_zone": "Mars/Olympus"}, 422, "time_zone", "not a known time zone"),
    ({"name": "x", "start_on": "0000-00-00T00:00:00Z"}, 422, "start_on", "must be a date-time in ISO 8601, such as 2026-05-12T09:30:00Z"),
    ({"name": "x", "sort": 10**30}, 422, "sort", "must be a whole number from -2147483648 to 2147483647"),
    ({"name": "x", "start_on": "next tuesday"}, 422, "start_on", "must be a date-time in ISO 8601"),
    ({"name": ["a", "b"]}, 422, "name", "single value"),
    ({"description": "no name"}, 422, "name", "required"),
    ({"name": None}, 422, "name", "must not be null"),
    ({"name": "  "}, 422, "name", "name: must not be blank"),
    ({"name": "x", "start_on": "2026-05-02T00:00:00Z", "end_on": "2026-05-01T00:00:00Z"}, 422, "end_on",
     "end_on: must not be before start_on"),
    ({"name": "x", "site_id_random": "nosuchsite1"}, 422, "site_id_random", "no site with this id"),
]


@pytest.mark.parametrize("data,status,field,detail", CASES, ids=[f"{c[2]}-{c[3]}" for c in CASES])
def test_bad_event_body_is_refused_and_changes_nothing(client, tenant, data, status, field, detail):
    before = client.get("/v3/crud/event/", headers=tenant.headers(), params={"limit": 1000}).json()
    body = assert_problem(client.post("/v3/crud/event/", json=data, headers=tenant.headers()), status)
    assert body["field"] == field and detail in body["detail"], body
    assert "SQL" not in body["detail"] and "`" not in body["detail"]
    assert client.get("/v3/crud/event/", headers=tenant.headers(), params={"limit": 1000}).json() == before


def test_bad_patch_changes_nothing(client, tenant):
    event = crud_builder(client, tenant).make("event")
    url = f"/v3/crud/event/{event['id_random']}"
    body = assert_problem(client.patch(url, json={"name": "New", "sort": "last"}, headers=tenant.headers()), 422)
    assert body["field"] == "sort"
    assert client.get(url, headers=tenant.headers()).json() == event


def test_a_duplicate_unique_value_is_a_conflict_pointing_at_the_existing_object(client, tenant):
    first = client.post("/v3/crud/event/", json={"name": "A", "code": "same"}, headers=tenant.headers()).json()
    response = client.post("/v3/crud/event/", json={"name": "B", "code": "same"}, headers=tenant.headers())
    body = assert_problem(response, 409, "conflict")
    assert (body["field"], body["existing_id_random"]) == ("code", first["id_random"])
    patched = client.patch(f"/v3/crud/event/{first['id_random']}", json={"code": "same"}, headers=tenant.headers())
    assert patched.status_code == 200  # its own value is no conflict


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"", b'"text"'])
def test_a_body_that_is_not_a_json_object_is_a_400(client, tenant, raw):
    response = client.post("/v3/crud/event/", content=raw, headers={**tenant.headers(), "content-type": "application/json"})
    assert_problem(response, 400, "invalid_json")


def test_a_hostile_field_name_is_refused_without_echoing_sql(client, tenant):
    response = client.post("/v3/crud/event/", json={"name": "x", "name`=1; DROP TABLE event; --": 1},
                           headers=tenant.headers())
    body = assert_problem(response, 422, "invalid_field")
    assert body["field"] == "body" and "DROP" not in body["detail"]


def test_strings_round_trip_exactly(client, tenant):
    name = 'Quote " backslash \\ emoji 🎉 percent % underscore _ apostrophe \' tab \t'
    event = client.post("/v3/crud/event/", json={"name": name}, headers=tenant.headers()).json()
    assert event["name"] == name
    assert client.get(f"/v3/crud/event/{event['id_random']}", headers=tenant.headers()).json()["name"] == name


def test_datetimes_are_answered_in_utc(client, tenant):
    event = client.post("/v3/crud/event/", headers=tenant.headers(),
                        json={"name": "TZ", "start_on": "2026-05-01T09:00:00+02:00", "time_zone": "Europe/Paris"}).json()
    assert event["start_on"] == "2026-05-01T07:00:00Z" and event["time_zone"] == "Europe/Paris"


def test_json_fields_are_answered_as_json(client, tenant):
    event = client.post("/v3/crud/event/", json={"name": "J", "cfg_json": {"kiosk": {"timeout": 30}}},
                        headers=tenant.headers()).json()
    assert event["cfg_json"] == {"kiosk": {"timeout": 30}}


def nested(levels, inner):
    return "[" * levels + inner + "]" * levels


@pytest.mark.parametrize("inner", ["1", "[]", "{}"])
def test_json_fields_nest_as_deep_as_mariadb_reads_and_no_deeper(client, tenant, inner):
    """MariaDB reads 31 nested arrays and objects (the body's own object is one of them)."""
    headers = {**tenant.headers(), "content-type": "application/json"}
    levels = 30 if inner == "1" else 29
    deepest = f'{{"name": "deep", "cfg_json": {nested(levels, inner)}}}'
    created = client.post("/v3/crud/event/", content=deepest, headers=headers)
    assert created.status_code == 201, created.text
    too_deep = f'{{"name": "deep", "cfg_json": {nested(levels + 1, inner)}}}'
    problem = assert_problem(client.post("/v3/crud/event/", content=too_deep, headers=headers), 422, "invalid_field")
    assert problem["field"] == "cfg_json" and "nests deeper" in problem["detail"]


@pytest.mark.parametrize("key,field", [
    ("a" * 64, "a" * 64), ("a" * 61 + "_id", "a" * 61 + "_id"), ("a" * 65, "body"), ("a" * 1000, "body"),
    ("A" * 70, "body"), ("\u00e9" * 70, "body"),
], ids=["64", "64 ending _id", "65", "1000", "upper case", "accents"])
def test_a_body_key_of_any_length_is_a_422_naming_it_or_the_body(client, tenant, key, field):
    user = client.get("/v3/crud/user/", headers=tenant.headers()).json()["data"][0]["id_random"]
    for method, url, data in (("POST", "/v3/crud/event/", {"name": "x", key: 1}),
                              ("PATCH", f"/v3/crud/user/{user}", {key: "read"})):
        body = assert_problem(client.request(method, url, json=data, headers=tenant.headers()), 422)
        assert body["field"] == field, body


@pytest.mark.parametrize("value", [2, "2", "0", 1.0, True, False])
def test_an_enum_field_takes_its_words_not_their_positions(client, tenant, value):
    """MariaDB reads a number (or a flag, or digits) for an ENUM as a position: 2 was 'billing'."""
    address = crud_builder(client, tenant).make("address")
    url = f"/v3/crud/address/{address['id_random']}"
    body = assert_problem(client.patch(url, json={"kind": value}, headers=tenant.headers()), 422)
    assert body["field"] == "kind" and "billing" in body["detail"], body
    assert client.get(url, headers=tenant.headers()).json() == address
    assert client.patch(url, json={"kind": "billing"}, headers=tenant.headers()).json()["kind"] == "billing"


@pytest.mark.parametrize("role", [3, "3", "2", True])
def test_a_member_role_is_a_word_not_a_position(client, tenant, services, role):
    """3 was 'admin': a read member could be made admin by a body that names no role."""
    member = client.run(lambda: accounts.create_user(services.db, f"{token()}@member.test", "pw-12345678", "M",
                                                     account_id_random=tenant.account, role="read"))
    url = f"/v3/crud/user/{member}"
    body = assert_problem(client.patch(url, json={"role": role}, headers=tenant.headers()), 422)
    assert body["field"] == "role" and "read, write, admin" in body["detail"], body
    assert client.get(url, headers=tenant.headers()).json()["role"] == "read"
    invited = client.post("/v3/crud/user_invitation/", json={"email": f"{token()}@member.test", "role": role},
                          headers=tenant.headers())
    assert assert_problem(invited, 422)["field"] == "role"
