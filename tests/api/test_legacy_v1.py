"""The v1 memory-events API (api/legacy_v1.py), replaying the requests and answers the old
system documented (seed 004, "Task #5: REST API Endpoints"): its paths, query parameters,
field names (spirit_id, occurred_at, meta/metadata, is_deleted) and status codes (201, 204, 400,
404, 409), served by the spirit and spirit_event CRUD types."""

import pytest

from tests.api.conftest import assert_problem

MISSING = "Zzzzzzzzzz9"


@pytest.fixture()
def write(tenant):
    return tenant.headers("write")


@pytest.fixture()
def spirit(client, write):
    response = client.post("/api/v1/spirits", json={"name": "Scout", "meta": {"model": "small"}}, headers=write)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def post_event(client, headers, spirit, **fields):
    return client.post("/api/v1/events", json={"spirit_id": spirit, "event_type": "message", "content": "hello",
                                               **fields}, headers=headers)


def listed(client, headers, **params):
    response = client.get("/api/v1/events", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [event["id"] for event in response.json()]


def test_a_spirit_is_created_read_and_listed_with_the_old_field_names(client, write, spirit):
    body = client.get(f"/api/v1/spirits/{spirit}", headers=write).json()
    assert (body["id"], body["name"], body["meta"], body["is_deleted"]) == (spirit, "Scout", {"model": "small"}, False)
    assert {"created_at", "updated_at"} <= body.keys() and "id_random" not in body
    assert spirit in [row["id"] for row in client.get("/api/v1/spirits", headers=write).json()]


def test_creating_an_event_is_a_201_with_the_old_field_names(client, write, spirit):
    response = post_event(client, write, spirit, occurred_at="2025-10-17T10:00:00Z", metadata={"channel": "c1"},
                          session_id="chat-1")
    assert response.status_code == 201, response.text
    event = response.json()
    assert (event["spirit_id"], event["occurred_at"], event["meta"]) == (spirit, "2025-10-17T10:00:00Z", {"channel": "c1"})
    assert event["is_deleted"] is False and event["dedupe_key"] is None


def test_occurred_at_defaults_to_now(client, write, spirit):
    assert post_event(client, write, spirit).json()["occurred_at"]


def test_the_same_source_uri_twice_is_a_409(client, write, spirit):
    first = post_event(client, write, spirit, source_uri="slack://c1/m1")
    assert first.status_code == 201 and len(first.json()["dedupe_key"]) == 32
    problem = assert_problem(post_event(client, write, spirit, source_uri="slack://c1/m1"), 409, "conflict")
    assert problem["existing_id_random"] == first.json()["id"]


def test_an_event_for_an_unknown_spirit_is_a_404(client, write):
    assert_problem(post_event(client, write, MISSING), 404)


@pytest.mark.parametrize("fields", [{"importance_score": 1.5}, {"importance_score": "high"}, {"spirit_id": None},
                                    {"content": {"not": "text"}}, {"no_such_field": 1}])
def test_a_validation_error_is_a_400_not_a_422(client, write, spirit, fields):
    body = {"spirit_id": spirit, "event_type": "message", "content": "hello", **fields}
    assert_problem(client.post("/api/v1/events", json=body, headers=write), 400)


def test_reading_one_event_and_a_404_when_it_does_not_exist(client, write, spirit):
    event = post_event(client, write, spirit).json()["id"]
    assert client.get(f"/api/v1/events/{event}", headers=write).json()["id"] == event
    assert_problem(client.get(f"/api/v1/events/{MISSING}", headers=write), 404)
    assert_problem(client.get("/api/v1/events/not-an-id", headers=write), 404)


@pytest.fixture()
def conversation(client, write, spirit):
    made = {}
    for name, when, session, kind, score in [
        ("a", "2025-10-17T10:00:00Z", "s1", "message", 0.1),
        ("b", "2025-10-17T10:05:00Z", "s2", "message", 0.8),
        ("c", "2025-10-17T10:02:00Z", "s1", "tool_call", 0.6),
        ("d", "2025-10-17T10:09:00Z", "s1", "message", 0.95),
    ]:
        made[name] = post_event(client, write, spirit, occurred_at=when, session_id=session, event_type=kind,
                                importance_score=score).json()["id"]
    return spirit, made


def test_the_list_is_newest_first_and_a_session_replays_oldest_first(client, write, conversation):
    spirit, made = conversation
    assert listed(client, write, spirit_id=spirit) == [made[k] for k in "dbca"]
    assert listed(client, write, spirit_id=spirit, session_id="s1") == [made[k] for k in "acd"]


def test_the_list_filters_by_event_type_and_min_importance(client, write, conversation):
    spirit, made = conversation
    assert listed(client, write, spirit_id=spirit, event_type="tool_call") == [made["c"]]
    assert listed(client, write, spirit_id=spirit, min_importance="0.7") == [made["d"], made["b"]]


def test_the_list_pages_with_limit_and_offset(client, write, conversation):
    spirit, made = conversation
    assert listed(client, write, spirit_id=spirit, limit=2, offset=1) == [made["b"], made["c"]]


@pytest.mark.parametrize("params", [{}, {"limit": 0}, {"limit": 201}, {"limit": "many"}, {"offset": -1},
                                    {"min_importance": 1.5}, {"spirit_id": "bad"}])
def test_a_bad_list_parameter_or_no_spirit_id_is_a_400(client, write, spirit, params):
    query = {"spirit_id": spirit, **params} if params else {}  # {}: spirit_id left out
    assert_problem(client.get("/api/v1/events", params=query, headers=write), 400)


def test_limit_200_is_allowed(client, write, spirit):
    assert listed(client, write, spirit_id=spirit, limit=200) == []


def test_the_list_of_an_unknown_spirit_is_empty(client, write):
    assert listed(client, write, spirit_id=MISSING) == []


def test_patch_updates_meta_summary_importance_and_metadata(client, write, spirit):
    event = post_event(client, write, spirit).json()["id"]
    changed = client.patch(f"/api/v1/events/{event}", json={"meta_summary": "greeting", "importance_score": 0.9,
                                                             "metadata": {"k": "v"}}, headers=write)
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["meta_summary"], body["importance_score"], body["meta"]) == ("greeting", 0.9, {"k": "v"})
    assert_problem(client.patch(f"/api/v1/events/{event}", json={"importance_score": 2}, headers=write), 400)


def test_delete_is_a_soft_delete_with_204_and_include_deleted_shows_it(client, tenant, write, spirit):
    event = post_event(client, write, spirit).json()["id"]
    response = client.delete(f"/api/v1/events/{event}", headers=write)
    assert response.status_code == 204 and not response.content
    assert_problem(client.get(f"/api/v1/events/{event}", headers=write), 404)
    assert listed(client, write, spirit_id=spirit) == []
    assert listed(client, tenant.headers("admin"), spirit_id=spirit, include_deleted="true") == [event]


def test_patch_is_deleted_deletes_and_restores(client, write, spirit):
    event = post_event(client, write, spirit).json()["id"]
    deleted = client.patch(f"/api/v1/events/{event}", json={"is_deleted": True}, headers=write)
    assert deleted.status_code == 200 and deleted.json()["is_deleted"] is True
    assert listed(client, write, spirit_id=spirit) == []
    restored = client.patch(f"/api/v1/events/{event}", json={"is_deleted": False}, headers=write)
    assert restored.status_code == 200 and restored.json()["is_deleted"] is False
    assert listed(client, write, spirit_id=spirit) == [event]


def test_a_deleted_spirit_takes_no_new_events(client, write, spirit):
    assert client.delete(f"/api/v1/spirits/{spirit}", headers=write).status_code == 204
    assert_problem(post_event(client, write, spirit), 404)


def test_another_accounts_event_is_a_404(client, write, other_tenant, spirit):
    event = post_event(client, write, spirit).json()["id"]
    assert_problem(client.get(f"/api/v1/events/{event}", headers=other_tenant.headers()), 404)
    assert listed(client, other_tenant.headers(), spirit_id=spirit) == []


def test_the_v1_api_needs_credentials(client, spirit):
    assert_problem(client.get("/api/v1/events", params={"spirit_id": spirit}), 401)
    assert_problem(client.post("/api/v1/spirits", json={"name": "x"}), 401)


def test_a_spirit_is_patched_with_metadata_and_a_bad_field_is_a_400(client, write, spirit):
    changed = client.patch(f"/api/v1/spirits/{spirit}", json={"description": "scouts", "metadata": {"v": 2}},
                           headers=write)
    assert changed.status_code == 200, changed.text
    assert (changed.json()["description"], changed.json()["meta"]) == ("scouts", {"v": 2})
    assert_problem(client.patch(f"/api/v1/spirits/{spirit}", json={"no_such_field": 1}, headers=write), 400)
