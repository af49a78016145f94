"""A DBA adds an object type with one migration (table, view, registry row) and the API serves
it in full with no Python change; a later migration that adds a column changes its schema."""

from pathlib import Path

import pytest

from api.app import create_app
from api.config import Settings
from api.db import connect_sync
from api.migrate import migrate
from tests.api.conftest import assert_problem, make_tenant
from tests.client import AppClient
from tests.conftest import throwaway_database

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def database(server_url):
    with throwaway_database(server_url, "newtype") as url:
        migrate(url, extra_migrations=[FIXTURES / "new_type"], say=lambda *_: None)
        yield url


def serve(url, redis_url):
    settings = Settings(db_url=url.url(), redis_url=redis_url, jwt_key="test-jwt-key-" + "x" * 60)
    return AppClient(create_app(settings))


def test_a_type_added_by_migration_has_the_full_lifecycle(database, redis_url):
    with serve(database, redis_url) as client:
        tenant = make_tenant(client, client.app.state.services.db, "Booths")
        headers = tenant.headers("write")
        event = client.post("/v3/crud/event/", json={"name": "Expo"}, headers=headers).json()["id_random"]
        room = client.post(f"/v3/crud/event/{event}/event_location/", json={"name": "Hall B"},
                           headers=headers).json()["id_random"]
        base = f"/v3/crud/event/{event}/exhibitor_booth/"
        created = client.post(base, json={"name": "B12", "order": 3, "key": "DROP'--", "event_location_id_random": room},
                              headers=headers)
        assert created.status_code == 201, created.text
        booth = created.json()
        assert (booth["order"], booth["key"], booth["event_id_random"], booth["event_location_id_random"]) == (
            3, "DROP'--", event, room)
        assert client.get(base, headers=headers).json() == {"data": [booth], "has_more": False, "next_cursor": None}
        assert client.get(f"/v3/crud/exhibitor_booth/{booth['id_random']}", headers=headers).json() == booth
        changed = client.patch(base + booth["id_random"], json={"order": 1}, headers=headers).json()
        assert changed["order"] == 1
        assert_problem(client.patch(base + booth["id_random"], json={"order": "first"}, headers=headers), 422)
        assert client.delete(base + booth["id_random"], headers=headers).status_code == 204
        assert_problem(client.get(base + booth["id_random"], headers=headers), 404)
        schema = client.get("/v3/crud/exhibitor_booth/schema", headers=headers).json()
        assert schema["parent"] == {"type": "event", "field": "event_id_random"}
        assert "size_m2" not in {field["name"] for field in schema["fields"]}


def test_a_column_added_by_migration_shows_in_the_schema(database, redis_url):
    migrate(database, extra_migrations=[FIXTURES / "new_type", FIXTURES / "new_type_column"], say=lambda *_: None)
    with serve(database, redis_url) as client:
        tenant = make_tenant(client, client.app.state.services.db, "Booths")
        fields = {field["name"]: field for field in
                  client.get("/v3/crud/exhibitor_booth/schema", headers=tenant.headers()).json()["fields"]}
        assert fields["size_m2"]["sql_type"] == "decimal(6,1)" and fields["size_m2"]["writable"]
        event = client.post("/v3/crud/event/", json={"name": "Expo"}, headers=tenant.headers()).json()["id_random"]
        booth = client.post(f"/v3/crud/event/{event}/exhibitor_booth/", json={"name": "C1", "size_m2": 12.5},
                            headers=tenant.headers()).json()
        assert booth["size_m2"] == 12.5


def test_a_type_marked_public_read_is_readable_without_credentials(database, redis_url):
    with serve(database, redis_url) as client:
        tenant = make_tenant(client, client.app.state.services.db, "Public")
        event = client.post("/v3/crud/event/", json={"name": "Expo"}, headers=tenant.headers()).json()["id_random"]
        booths = f"/v3/crud/event/{event}/exhibitor_booth/"
        booth = client.post(booths, json={"name": "P1"}, headers=tenant.headers()).json()
        assert_problem(client.get(booths, headers={"x-account-id": tenant.account}), 401)
    with connect_sync(database) as conn, conn.cursor() as cursor:
        cursor.execute("UPDATE crud_type SET public_read = 1 WHERE name = 'exhibitor_booth'")
    with serve(database, redis_url) as client:
        anonymous = {"x-account-id": tenant.account}
        assert client.get(booths, headers=anonymous).json()["data"] == [booth]
        assert client.get(f"/v3/crud/exhibitor_booth/{booth['id_random']}", headers=anonymous).json() == booth
        assert client.get("/v3/crud/exhibitor_booth/schema", headers=anonymous).status_code == 200
        assert_problem(client.get(booths), 401)
        assert_problem(client.get("/v3/crud/event/", headers=anonymous), 401)
        assert_problem(client.post(booths, json={"name": "P2"}, headers=anonymous), 401)
        assert_problem(client.get(booths, headers={"x-account-id": "nosuchacct1"}), 401, "unknown_account")


def test_has_nests_through_grandchildren(database, redis_url):
    with serve(database, redis_url) as client:
        tenant = make_tenant(client, client.app.state.services.db, "Nested")
        headers = tenant.headers()
        events = {}
        for name, visitor in (("Busy expo", "Ada"), ("Quiet expo", None)):
            event = client.post("/v3/crud/event/", json={"name": name}, headers=headers).json()["id_random"]
            booth = client.post(f"/v3/crud/event/{event}/exhibitor_booth/", json={"name": "B1"},
                                headers=headers).json()["id_random"]
            client.post(f"/v3/crud/event/{event}/exhibitor_booth/", json={"name": "B2"}, headers=headers)
            if visitor:
                for _ in range(2):
                    client.post(f"/v3/crud/exhibitor_booth/{booth}/booth_visit/", json={"visitor": visitor},
                                headers=headers)
            events[name] = event
        where = {"has": {"type": "exhibitor_booth", "where": {
            "has": {"type": "booth_visit", "where": {"field": "visitor", "op": "eq", "value": "Ada"}}}}}
        found = client.post("/v3/crud/event/search", json={"where": where, "count": True}, headers=headers).json()
        assert [row["id_random"] for row in found["data"]] == [events["Busy expo"]] and found["total"] == 1
        none = client.post("/v3/crud/event/search", json={"where": {"not": where}}, headers=headers).json()
        assert [row["id_random"] for row in none["data"]] == [events["Quiet expo"]]
