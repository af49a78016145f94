"""Integration secrets in a site's or an event's cfg_json are never shown to clients (any role):
reads answer '********', and writing that back keeps the stored secret."""

import uuid as uuids

import pytest

from tests.fakes.novi import FakeNovi

SECRETS = {"novi_idaa_api_key": "novi-secret-key", "mailman_password": "mm-pass", "zoom_client_secret": "zoom-s"}


@pytest.fixture()
def novi():
    with FakeNovi() as fake:
        yield fake


def site_with_secrets(client, tenant, novi):
    cfg = {"novi_api_root_url": novi.url, "theme": "dark", **SECRETS}
    response = client.post("/v3/crud/site/", json={"name": "Members", "cfg_json": cfg}, headers=tenant.headers())
    assert response.status_code == 201, response.text
    return response.json()


def masked(cfg):
    return {key: ("********" if key in SECRETS else value) for key, value in cfg.items()}


@pytest.mark.parametrize("role", ["read", "write", "admin"])
def test_a_sites_secrets_are_masked_for_every_role(client, tenant, novi, role):
    created = site_with_secrets(client, tenant, novi)
    assert created["cfg_json"]["novi_idaa_api_key"] == "********"
    shown = client.get(f"/v3/crud/site/{created['id_random']}", headers=tenant.headers(role)).json()
    assert shown["cfg_json"] == masked({"novi_api_root_url": novi.url, "theme": "dark", **SECRETS})
    listed = client.get("/v3/crud/site/", headers=tenant.headers(role)).text
    assert not any(secret in listed for secret in SECRETS.values())


def test_writing_back_what_was_read_keeps_the_secrets_and_novi_still_answers(client, tenant, novi):
    site = site_with_secrets(client, tenant, novi)
    cfg = {**site["cfg_json"], "theme": "light"}
    changed = client.patch(f"/v3/crud/site/{site['id_random']}", json={"cfg_json": cfg}, headers=tenant.headers())
    assert changed.status_code == 200 and changed.json()["cfg_json"]["theme"] == "light"
    member = str(uuids.uuid4())
    novi.member(member)
    assert client.get(f"/v3/action/idaa/novi_member/{member}", headers=tenant.headers()).status_code == 200


def test_a_new_secret_replaces_the_old_one_and_a_removed_one_is_gone(client, tenant, sql, novi):
    site = site_with_secrets(client, tenant, novi)
    cfg = {**site["cfg_json"], "novi_idaa_api_key": "new-key"}
    del cfg["mailman_password"]
    client.patch(f"/v3/crud/site/{site['id_random']}", json={"cfg_json": cfg}, headers=tenant.headers())
    with sql.cursor() as cursor:
        cursor.execute("SELECT JSON_VALUE(cfg_json, '$.novi_idaa_api_key') AS k,"
                       " JSON_EXISTS(cfg_json, '$.mailman_password') AS m FROM site WHERE id_random = %s",
                       (site["id_random"],))
        assert cursor.fetchone() == {"k": "new-key", "m": 0}


def test_an_events_zoom_secret_is_masked(client, tenant):
    cfg = {"zoom_event_id": "ze_1", "zoom_client_secret": "zoom-s"}
    event = client.post("/v3/crud/event/", json={"name": "Webinar", "cfg_json": cfg}, headers=tenant.headers()).json()
    assert event["cfg_json"] == {"zoom_event_id": "ze_1", "zoom_client_secret": "********"}
    shown = client.get(f"/v3/crud/event/{event['id_random']}", headers=tenant.headers("read")).json()
    assert shown["cfg_json"]["zoom_client_secret"] == "********"
