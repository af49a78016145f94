"""Nested URLs for every parent/child pair: the parent comes from the URL and the child can
only be reached under the parent it belongs to."""

import pytest

from tests.api.conftest import assert_problem, crud_builder, crud_url
from tests.samples import PAIRS, RENAME


@pytest.mark.parametrize("parent_type,child_type", PAIRS)
def test_nested_lifecycle(client, tenant, parent_type, child_type):
    headers = tenant.headers("write")
    builder = crud_builder(client, tenant)
    parent_id = builder.make(parent_type)["id_random"]
    parent = (parent_type, parent_id)
    data = builder.make(child_type, parent_id)
    nested, flat = crud_url(child_type, parent, data["id_random"]), crud_url(child_type, None, data["id_random"])
    assert data[f"{parent_type}_id_random"] == parent_id
    assert client.get(nested, headers=headers).json() == data
    assert client.get(flat, headers=headers).json() == data
    listed = client.get(crud_url(child_type, parent), headers=headers).json()
    assert listed == {"data": [data], "has_more": False, "next_cursor": None}
    field, value = RENAME[child_type]
    changed = client.patch(nested, json={field: value}, headers=headers)
    assert changed.status_code == 200 and changed.json()[field] == value
    assert client.get(flat, headers=headers).json()[field] == value
    deleted = client.delete(nested, headers=headers)
    assert deleted.status_code == 204 and deleted.content == b""
    assert_problem(client.get(nested, headers=headers), 404, "not_found")
    assert_problem(client.get(flat, headers=headers), 404, "not_found")
    assert client.get(crud_url(child_type, parent), headers=headers).json()["data"] == []


def test_create_answers_201_with_the_location_of_the_new_object(client, tenant):
    builder = crud_builder(client, tenant)
    event = builder.make("event")["id_random"]
    response = client.post(f"/v3/crud/event/{event}/event_session", json={"name": "Keynote"},
                           headers=tenant.headers("write"))
    assert response.status_code == 201
    assert response.headers["location"] == f"/v3/crud/event/{event}/event_session/{response.json()['id_random']}"
    assert client.get(response.headers["location"], headers=tenant.headers()).json() == response.json()


@pytest.mark.parametrize("parent_type,child_type", PAIRS)
def test_a_child_is_not_found_under_another_parent(client, tenant, parent_type, child_type):
    builder = crud_builder(client, tenant)
    child = builder.make(child_type)
    other = (parent_type, builder.make(parent_type)["id_random"])
    url = crud_url(child_type, other, child["id_random"])
    field, value = RENAME[child_type]
    for response in (client.get(url, headers=tenant.headers()),
                     client.patch(url, json={field: value}, headers=tenant.headers()),
                     client.delete(url, headers=tenant.headers())):
        assert_problem(response, 404, "not_found")
    assert child not in client.get(crud_url(child_type, other), headers=tenant.headers()).json()["data"]
    assert client.get(crud_url(child_type, None, child["id_random"]), headers=tenant.headers()).json() == child


def test_children_of_a_missing_parent_are_not_found(client, tenant):
    assert_problem(client.get("/v3/crud/event/nosuchevent/event_session/", headers=tenant.headers()), 404)
    response = client.post("/v3/crud/event/nosuchevent/event_session/", json={"name": "S"},
                           headers=tenant.headers())
    body = assert_problem(response, 404, "not_found")
    assert body["detail"] == "event: no event with this id in your account"


def test_a_parent_with_no_children_lists_none(client, tenant):
    event = crud_builder(client, tenant).make("event")["id_random"]
    response = client.get(f"/v3/crud/event/{event}/event_track", headers=tenant.headers())
    assert response.json() == {"data": [], "has_more": False, "next_cursor": None}


def test_a_type_that_is_not_a_child_of_the_parent_is_not_found(client, tenant):
    event = crud_builder(client, tenant).make("event")["id_random"]
    body = assert_problem(client.get(f"/v3/crud/event/{event}/journal_entry/", headers=tenant.headers()),
                          404, "not_a_child")
    assert "event_session" in body["children"]


def test_sibling_references_are_written_and_read_as_public_ids(client, tenant):
    builder = crud_builder(client, tenant)
    event = builder.make("event")["id_random"]
    track = builder.make("event_track", event)["id_random"]
    location = builder.make("event_location", event)["id_random"]
    session = builder.make("event_session", event, event_track_id_random=track, event_location_id_random=location)
    assert (session["event_track_id_random"], session["event_location_id_random"]) == (track, location)
    foreign_track = builder.make("event_track")["id_random"]
    response = client.patch(crud_url("event_session", None, session["id_random"]),
                            json={"event_track_id_random": foreign_track}, headers=tenant.headers())
    body = assert_problem(response, 422, "invalid_field")
    assert body["field"] == "event_track_id_random"
    cleared = client.patch(crud_url("event_session", None, session["id_random"]),
                           json={"event_track_id_random": None}, headers=tenant.headers())
    assert cleared.json()["event_track_id_random"] is None


def test_polymorphic_objects_name_their_owner_by_type_and_public_id(client, tenant):
    builder = crud_builder(client, tenant)
    event = builder.make("event")["id_random"]
    contact = builder.make("contact", for_type="event", for_id_random=event)
    assert (contact["for_type"], contact["for_id_random"]) == ("event", event)
    listed = client.get("/v3/crud/contact/", headers=tenant.headers()).json()["data"]
    assert contact in listed


def test_deleting_a_parent_takes_its_childrens_contacts_addresses_data_stores_and_overrides(client, tenant, sql):
    headers = tenant.headers("admin")
    event = crud_builder(client, tenant).make("event")["id_random"]
    session = crud_builder(client, tenant).make("event_session", event)["id_random"]
    owned = [crud_builder(client, tenant).make(kind, for_type="event_session", for_id_random=session)["id_random"]
             for kind in ("contact", "address", "data_store")]
    override = {"name": "Session land", "for_type": "event_session", "for_id_random": session}
    assert client.put("/v3/lookup/country/NZ/override", json=override, headers=headers).status_code == 200
    assert client.delete(f"/v3/crud/event/{event}", headers=headers).status_code == 204
    for kind, id_random in zip(("contact", "address", "data_store"), owned):
        assert_problem(client.get(f"/v3/crud/{kind}/{id_random}", headers=headers), 404)
    with sql.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) AS n FROM lu_v3_country AS l INNER JOIN account AS a ON l.account_id = a.id"
                       " WHERE a.id_random = %s AND l.for_type = 'event_session'", (tenant.account,))
        assert cursor.fetchone()["n"] == 0
