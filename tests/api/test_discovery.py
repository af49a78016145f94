"""Where a new client starts: / and /v3 describe the API, /v3/crud/ lists the types the caller
can read, a mistyped type or field answers with the name it most likely meant, and a child
type's alias works in nested URLs exactly as its name does."""

import pytest

from tests.api.conftest import assert_problem, crud_builder, crud_url
from tests.samples import ALL_TYPES, RENAME, Builder

ALIASES = [("journal", "entry", "journal_entry"), ("site", "domain", "site_domain")]


@pytest.mark.parametrize("path", ["/", "/v3", "/v3/"])
def test_the_root_says_what_the_api_is_without_credentials(client, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Aether" and body["version"]
    assert body["links"] == {"docs": "/docs", "openapi": "/openapi.json", "health": "/health", "crud": "/v3/crud/"}


def test_the_type_list_needs_credentials(client):
    assert_problem(client.get("/v3/crud/"), 401)


def test_the_type_list_links_each_type_to_its_list_and_schema(client, tenant):
    response = client.get("/v3/crud/", headers=tenant.headers("admin"))
    assert response.status_code == 200
    types = {entry["name"]: entry for entry in response.json()["types"]}
    assert set(ALL_TYPES) <= set(types)
    session = types["event_session"]
    assert session["parent"] == "event" and session["description"]
    assert session["links"]["list"] == "/v3/crud/event_session/"
    assert session["links"]["schema"] == "/v3/crud/event_session/schema"
    assert "event_session" in types["event"]["children"]
    assert types["journal_entry"]["links"]["nested_list"] == "/v3/crud/journal/{journal_id_random}/entry/"
    for entry in types.values():
        assert client.get(entry["links"]["schema"], headers=tenant.headers("admin")).status_code == 200


def test_the_type_list_leaves_out_types_the_role_cannot_read(client, tenant):
    read = {entry["name"] for entry in client.get("/v3/crud", headers=tenant.headers("read")).json()["types"]}
    admin = {entry["name"] for entry in client.get("/v3/crud", headers=tenant.headers("admin")).json()["types"]}
    assert "event" in read and "user" not in read and "user_invitation" not in read
    assert {"user", "user_invitation"} <= admin


@pytest.mark.parametrize("url", ["/v3/crud/evnt/", "/v3/crud/evnt/schema", "/v3/crud/evnt/aaaaaaaaaaa"])
def test_an_unknown_type_suggests_the_closest_known_one(client, tenant, url):
    body = assert_problem(client.get(url, headers=tenant.headers()), 404, "unknown_type")
    assert body["did_you_mean"] == "event" and body["detail"].endswith("did you mean event?")


def test_an_unknown_type_far_from_every_name_suggests_nothing(client, tenant):
    body = assert_problem(client.get("/v3/crud/zzzzqqq/", headers=tenant.headers()), 404, "unknown_type")
    assert "did_you_mean" not in body and "did you mean" not in body["detail"]


def test_an_unknown_list_filter_suggests_the_closest_field(client, tenant):
    body = assert_problem(client.get("/v3/crud/event/?nmae=x", headers=tenant.headers()), 400, "unknown_parameter")
    assert body["did_you_mean"] == "name" and "Did you mean name?" in body["detail"]


def test_an_unknown_sort_field_suggests_the_closest_field(client, tenant):
    body = assert_problem(client.get("/v3/crud/event/?sort=-nmae", headers=tenant.headers()), 400, "invalid_parameter")
    assert body["did_you_mean"] == "name" and "did you mean name?" in body["detail"]


def test_an_unknown_search_field_suggests_the_closest_field(client, tenant):
    search = {"where": {"field": "nmae", "op": "eq", "value": "x"}}
    body = assert_problem(client.post("/v3/crud/event/search", json=search, headers=tenant.headers()), 400,
                          "invalid_search")
    assert body["did_you_mean"] == "name" and body["detail"].endswith("did you mean name?")


def test_an_unknown_written_field_suggests_the_closest_writable_one(client, tenant):
    response = client.post("/v3/crud/event/", json={"name": "x", "descripton": "y"}, headers=tenant.headers("write"))
    body = assert_problem(response, 422)
    assert body["did_you_mean"] == "description"


def alias_builder(client, tenant, parent_type, alias, child_type):
    """Creates `child_type` objects through their parent's alias URL, everything else as usual."""
    usual = crud_builder(client, tenant).create

    def create(kind, parent, data):
        if kind != child_type:
            return usual(kind, parent, data)
        response = client.post(f"/v3/crud/{parent_type}/{parent}/{alias}/", json=data, headers=tenant.headers("write"))
        assert response.status_code == 201, response.text
        return response.json()
    return Builder(create)


@pytest.mark.parametrize("parent_type,alias,child_type", ALIASES)
def test_a_child_alias_works_as_the_child_name_in_nested_urls(client, tenant, parent_type, alias, child_type):
    headers = tenant.headers("write")
    parent_id = crud_builder(client, tenant).make(parent_type)["id_random"]
    data = alias_builder(client, tenant, parent_type, alias, child_type).make(child_type, parent_id)
    by_alias = f"/v3/crud/{parent_type}/{parent_id}/{alias}/"
    by_name = crud_url(child_type, (parent_type, parent_id))
    assert client.get(by_alias, headers=headers).json() == client.get(by_name, headers=headers).json()
    assert client.get(by_alias + data["id_random"], headers=headers).json() == data
    searched = client.post(by_alias + "search", json={}, headers=headers).json()
    assert [row["id_random"] for row in searched["data"]] == [data["id_random"]]
    field, value = RENAME[child_type]
    changed = client.patch(by_alias + data["id_random"], json={field: value}, headers=headers)
    assert changed.status_code == 200 and changed.json()[field] == value
    assert client.delete(by_alias + data["id_random"], headers=headers).status_code == 204
    assert client.get(by_name, headers=headers).json()["data"] == []


def test_a_search_has_takes_a_child_alias(client, tenant):
    builder = crud_builder(client, tenant)
    journal = builder.make("journal")
    builder.make("journal_entry", journal["id_random"])
    builder.make("journal")
    search = {"where": {"has": {"type": "entry"}}}
    found = client.post("/v3/crud/journal/search", json=search, headers=tenant.headers()).json()["data"]
    assert [row["id_random"] for row in found] == [journal["id_random"]]


def test_a_search_has_with_a_mistyped_child_suggests_it(client, tenant):
    search = {"where": {"has": {"type": "event_sesion"}}}
    body = assert_problem(client.post("/v3/crud/event/search", json=search, headers=tenant.headers()), 400,
                          "invalid_search")
    assert body["did_you_mean"] == "event_session"


def test_an_alias_names_a_child_only_under_its_parent(client, tenant):
    event = crud_builder(client, tenant).make("event")["id_random"]
    assert_problem(client.get(f"/v3/crud/event/{event}/entry/", headers=tenant.headers()), 404, "unknown_type")
    assert_problem(client.get("/v3/crud/entry/", headers=tenant.headers()), 404, "unknown_type")


def test_an_alias_url_refuses_a_method_it_does_not_take_with_405(client, tenant):
    journal = crud_builder(client, tenant).make("journal")["id_random"]
    response = client.put(f"/v3/crud/journal/{journal}/entry/", json={}, headers=tenant.headers("write"))
    assert_problem(response, 405)
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}

