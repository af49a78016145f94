"""Flags and query strings: every query-string flag is spelled the same way (true, false, 1, 0),
a search body's flags are JSON booleans, and a search refuses query parameters by name as
lists refuse the ones they do not know."""

import pytest

from tests.api.conftest import assert_problem, crud_builder

TRUE, FALSE = ("true", "1"), ("false", "0")


@pytest.fixture()
def event(client, tenant):
    builder = crud_builder(client, tenant)
    made = builder.make("event")["id_random"]
    builder.make("event_session", made)
    return made


@pytest.mark.parametrize("spelling", TRUE + FALSE)
def test_a_list_counts_with_each_spelling_of_count(client, tenant, event, spelling):
    answer = client.get(f"/v3/crud/event/{event}/event_session/", params={"count": spelling},
                        headers=tenant.headers())
    assert answer.status_code == 200, answer.text
    assert answer.json().get("total") == (1 if spelling in TRUE else None)


@pytest.mark.parametrize("spelling", TRUE + FALSE)
def test_every_query_string_flag_takes_the_same_spellings(client, tenant, event, spelling):
    headers = tenant.headers()
    spirit = client.post("/v3/crud/spirit/", json={"name": "Gone"}, headers=headers).json()["id_random"]
    assert client.delete(f"/v3/crud/spirit/{spirit}", headers=headers).status_code == 204
    listed = client.get("/v3/crud/spirit/", params={"include_deleted": spelling}, headers=headers)
    one = client.get(f"/v3/crud/spirit/{spirit}", params={"include_deleted": spelling}, headers=headers)
    assert (spirit in [row["id_random"] for row in listed.json()["data"]]) == (spelling in TRUE)
    assert one.status_code == (200 if spelling in TRUE else 404)
    for flag in ("include_hidden", "include_disabled"):
        assert client.get("/v3/lookup/country/", params={flag: spelling}, headers=headers).status_code == 200


@pytest.mark.parametrize("flag", ["count", "include_deleted"])
@pytest.mark.parametrize("spelling", ["yes", "TRUE", "on", "2", ""])
def test_a_flag_spelled_otherwise_is_a_400_naming_it(client, tenant, flag, spelling):
    response = client.get("/v3/crud/spirit/", params={flag: spelling}, headers=tenant.headers())
    problem = assert_problem(response, 400, "invalid_parameter")
    assert problem["parameter"] == flag and problem["detail"] == f"{flag}: must be true, false, 1 or 0"


@pytest.mark.parametrize("count", [True, False])
def test_a_search_counts_when_its_body_says_count_true(client, tenant, event, count):
    response = client.post(f"/v3/crud/event/{event}/event_session/search", json={"count": count},
                           headers=tenant.headers())
    assert response.status_code == 200, response.text
    assert response.json().get("total") == (1 if count else None)


@pytest.mark.parametrize("count", ["true", 1, 0, "yes", None])
def test_a_search_count_that_is_not_a_json_boolean_is_a_400_naming_it(client, tenant, count):
    response = client.post("/v3/crud/event/search", json={"count": count}, headers=tenant.headers())
    problem = assert_problem(response, 400, "invalid_search")
    assert problem["pointer"] == "/count"


@pytest.mark.parametrize("query,hint", [
    ("limit=5", "send limit in the body"), ("count=true", "send count in the body"),
    ("foo=1", "send the search's options in the body"),
])
def test_a_search_refuses_query_parameters_by_name(client, tenant, event, query, hint):
    for url in ("/v3/crud/event/search", f"/v3/crud/event/{event}/event_session/search/"):
        response = client.post(f"{url}?{query}", json={}, headers=tenant.headers())
        problem = assert_problem(response, 400, "unknown_parameter")
        name = query.split("=")[0]
        assert problem["parameter"] == name and problem["allowed"] == []
        assert problem["detail"] == f"Unknown query parameter: {name}. A search takes no query parameters: {hint}."
