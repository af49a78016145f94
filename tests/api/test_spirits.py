"""spirit and spirit_event over HTTP: ingestion with dedupe, importance, both orderings, every
filter, counts, soft delete, include_deleted and restore."""

import pytest

from api.app import create_app
from api.config import Settings
from api.migrate import migrate
from tests.api.conftest import assert_problem, make_tenant
from tests.api.test_crud_new_type import FIXTURES
from tests.client import AppClient
from tests.conftest import throwaway_database


@pytest.fixture()
def spirit(client, tenant):
    response = client.post("/v3/crud/spirit/", json={"name": "Scout"}, headers=tenant.headers("write"))
    assert response.status_code == 201
    return response.json()["id_random"]


def post_event(client, tenant, spirit, **body):
    body = {"event_type": "message", "content": "hello", **body}
    return client.post(f"/v3/crud/spirit/{spirit}/spirit_event/", json=body, headers=tenant.headers("write"))


def ids(response):
    assert response.status_code == 200, response.text
    return [row["id_random"] for row in response.json()["data"]]


def test_create_with_and_without_source(client, tenant, spirit):
    plain = post_event(client, tenant, spirit)
    assert plain.status_code == 201 and plain.json()["dedupe_key"] is None
    assert plain.headers["location"] == f"/v3/crud/spirit/{spirit}/spirit_event/{plain.json()['id_random']}"
    sourced = post_event(client, tenant, spirit, source_uri="slack://c1/m1", meta_json={"channel": "c1"})
    assert sourced.status_code == 201 and len(sourced.json()["dedupe_key"]) == 32
    assert sourced.json()["meta_json"] == {"channel": "c1"} and sourced.json()["spirit_id_random"] == spirit


def test_the_same_source_again_is_a_409_pointing_at_the_first(client, tenant, spirit):
    first = post_event(client, tenant, spirit, source_uri="mail://7").json()
    body = assert_problem(post_event(client, tenant, spirit, source_uri="mail://7"), 409, "conflict")
    assert (body["field"], body["existing_id_random"]) == ("dedupe_key", first["id_random"])
    assert client.get(f"/v3/crud/spirit_event/{first['id_random']}", headers=tenant.headers()).status_code == 200


@pytest.mark.parametrize("score", [1.5, -0.5, 12, "high"])
def test_importance_outside_zero_to_one_is_a_422_naming_it(client, tenant, spirit, score):
    body = assert_problem(post_event(client, tenant, spirit, importance_score=score), 422, "invalid_field")
    assert body["field"] == "importance_score" and body["detail"] == "importance_score: must be a number from 0 to 1"


def test_helpers_are_plain_patches(client, tenant, spirit):
    event = post_event(client, tenant, spirit).json()["id_random"]
    url = f"/v3/crud/spirit_event/{event}"
    changed = client.patch(url, json={"meta_summary": "greeting", "importance_score": 0.9}, headers=tenant.headers())
    assert (changed.json()["meta_summary"], changed.json()["importance_score"]) == ("greeting", 0.9)
    assert_problem(client.patch(url, json={"importance_score": 2}, headers=tenant.headers()), 422)


@pytest.fixture()
def conversation(client, tenant, spirit):
    made = {}
    for name, when, session, kind, score in [
        ("a", "2026-05-01T10:00:00Z", "s1", "message", 0.1),
        ("b", "2026-05-01T10:05:00Z", "s2", "message", 0.8),
        ("c", "2026-05-01T10:02:00Z", "s1", "tool_call", 0.6),
        ("d", "2026-05-01T10:09:00Z", "s1", "message", 0.95),
    ]:
        made[name] = post_event(client, tenant, spirit, occurred_on=when, session_id=session, event_type=kind,
                                importance_score=score).json()["id_random"]
    return spirit, made


def test_events_are_newest_first(client, tenant, conversation):
    spirit, made = conversation
    url = f"/v3/crud/spirit/{spirit}/spirit_event/"
    assert ids(client.get(url, headers=tenant.headers())) == [made[k] for k in "dbca"]


def test_a_session_replays_oldest_first(client, tenant, conversation):
    spirit, made = conversation
    url = f"/v3/crud/spirit/{spirit}/spirit_event/"
    assert ids(client.get(url, params={"session_id": "s1"}, headers=tenant.headers())) == [made[k] for k in "acd"]
    explicit = client.get(url, params={"session_id": "s1", "sort": "-occurred_on"}, headers=tenant.headers())
    assert ids(explicit) == [made[k] for k in "dca"]


@pytest.mark.parametrize("params,expected", [
    ({"event_type": "tool_call"}, "c"),
    ({"session_id": "s2"}, "b"),
    ({"min_importance": "0.7"}, "db"),
    ({"importance_score__gte": "0.7", "event_type": "message"}, "db"),
    ({"importance_score__lte": "0.6"}, "ca"),
    ({"session_id": "s1", "min_importance": "0.5"}, "cd"),
])
def test_filters(client, tenant, conversation, params, expected):
    spirit, made = conversation
    response = client.get(f"/v3/crud/spirit/{spirit}/spirit_event/", params={**params, "count": "true"},
                          headers=tenant.headers())
    assert ids(response) == [made[k] for k in expected] and response.json()["total"] == len(expected)


def test_a_bad_filter_value_names_its_parameter(client, tenant, spirit):
    body = assert_problem(client.get(f"/v3/crud/spirit/{spirit}/spirit_event/", params={"min_importance": "lots"},
                                     headers=tenant.headers()), 400, "invalid_parameter")
    assert body["parameter"] == "min_importance"


def test_soft_delete_include_deleted_and_restore_an_event(client, tenant, conversation):
    spirit, made = conversation
    url = f"/v3/crud/spirit/{spirit}/spirit_event/"
    assert client.delete(url + made["b"], headers=tenant.headers("write")).status_code == 204
    assert_problem(client.get(url + made["b"], headers=tenant.headers()), 404)
    assert made["b"] not in ids(client.get(url, headers=tenant.headers()))
    assert_problem(client.get(url, params={"include_deleted": "true"}, headers=tenant.headers("read")), 403)
    with_deleted = client.get(url, params={"include_deleted": "true"}, headers=tenant.headers("admin"))
    assert made["b"] in ids(with_deleted)
    deleted = client.get(url + made["b"], params={"include_deleted": "true"}, headers=tenant.headers("admin")).json()
    assert deleted["deleted_on"] is not None
    restored = client.post(url + made["b"] + "/restore", headers=tenant.headers("write"))
    assert restored.status_code == 200 and restored.json()["deleted_on"] is None
    assert made["b"] in ids(client.get(url, headers=tenant.headers()))


def test_a_deleted_spirit_hides_its_events_and_takes_no_new_ones(client, tenant, conversation):
    spirit, made = conversation
    admin = tenant.headers("admin")
    assert client.delete(f"/v3/crud/spirit/{spirit}", headers=admin).status_code == 204
    assert_problem(client.get(f"/v3/crud/spirit/{spirit}/spirit_event/", headers=admin), 404)
    flat = ids(client.get("/v3/crud/spirit_event/", params={"limit": 1000}, headers=admin))
    assert not set(made.values()) & set(flat)
    assert_problem(post_event(client, tenant, spirit), 404, "not_found")
    search = client.post("/v3/crud/spirit_event/search", json={"include_deleted": True, "limit": 1000}, headers=admin)
    assert set(made.values()) <= set(ids(search))
    assert client.post(f"/v3/crud/spirit/{spirit}/restore", headers=admin).status_code == 200
    assert len(ids(client.get(f"/v3/crud/spirit/{spirit}/spirit_event/", headers=admin))) == 4


def test_restore_of_a_type_without_soft_delete_is_405(client, tenant):
    event = client.post("/v3/crud/event/", json={"name": "E"}, headers=tenant.headers()).json()["id_random"]
    response = client.post(f"/v3/crud/event/{event}/restore", headers=tenant.headers())
    assert_problem(response, 405)
    assert response.headers["allow"] == ""  # nothing is offered at an event's restore URL


def test_soft_delete_switched_on_for_another_type_by_a_migration_alone(server_url, redis_url):
    with throwaway_database(server_url, "softdelete") as url:
        migrate(url, extra_migrations=[FIXTURES / "soft_delete_journal"], say=lambda *_: None)
        settings = Settings(db_url=url.url(), redis_url=redis_url, jwt_key="test-jwt-key-" + "x" * 60)
        with AppClient(create_app(settings)) as client:
            tenant = make_tenant(client, client.app.state.services.db, "Soft")
            headers, admin = tenant.headers("write"), tenant.headers("admin")
            journal = client.post("/v3/crud/journal/", json={"name": "Log"}, headers=headers).json()["id_random"]
            entry = client.post(f"/v3/crud/journal/{journal}/journal_entry/", json={"name": "E1"},
                                headers=headers).json()["id_random"]
            assert client.get("/v3/crud/journal/schema", headers=headers).json()["soft_delete"] is True
            assert client.delete(f"/v3/crud/journal/{journal}", headers=headers).status_code == 204
            assert_problem(client.get(f"/v3/crud/journal/{journal}", headers=headers), 404)
            assert journal not in ids(client.get("/v3/crud/journal/", headers=headers))
            assert entry not in ids(client.get("/v3/crud/journal_entry/", headers=headers))
            assert journal in ids(client.get("/v3/crud/journal/", params={"include_deleted": "true"}, headers=admin))
            assert client.post(f"/v3/crud/journal/{journal}/restore", headers=headers).status_code == 200
            assert ids(client.get(f"/v3/crud/journal/{journal}/journal_entry/", headers=headers)) == [entry]


def test_another_account_cannot_reach_spirits_or_their_events(client, tenant, other_tenant, spirit):
    event = post_event(client, tenant, spirit).json()["id_random"]
    theirs = other_tenant.headers("admin")
    for url in (f"/v3/crud/spirit/{spirit}", f"/v3/crud/spirit_event/{event}",
                f"/v3/crud/spirit/{spirit}/spirit_event/{event}"):
        assert_problem(client.get(url, headers=theirs), 404)
        assert_problem(client.delete(url, headers=theirs), 404)
        assert_problem(client.post(url + "/restore", headers=theirs), 404)
    assert_problem(client.post(f"/v3/crud/spirit/{spirit}/spirit_event/", json={"event_type": "x", "content": "y"},
                               headers=theirs), 404)
    assert event not in ids(client.post("/v3/crud/spirit_event/search", json={"include_deleted": True},
                                        headers=theirs))
