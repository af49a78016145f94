"""The Novi-to-Mailman mirror against a real GNU Mailman 3 core and a local Novi: what it adds and
removes, dry runs, idempotence, partial failure, the one-run-at-a-time lock, isolation between
accounts, the command line, and the schedule on the job queue."""

import os
import secrets
import subprocess
import time
import uuid as uuids

import pytest

from tests.api.conftest import assert_refused, make_tenant
from tests.api.test_media_actions import own_queue, worker
from tests.api.test_serve import AETHER
from tests.fakes.novi import FakeNovi
from tests.mailman import mailman_core


@pytest.fixture(scope="module")
def core():
    with mailman_core() as running:
        running.create_domain("lists.example.test")
        yield running


@pytest.fixture()
def novi():
    with FakeNovi() as fake:
        yield fake


def new_list(core):
    return core.create_list(f"news-{secrets.token_hex(3)}@lists.example.test")


def roster(core, list_id):
    with core.rest() as rest:
        found = rest.get(f"/lists/{list_id}/roster/member", params={"count": 500, "page": 1}).json()
    return sorted(entry["email"] for entry in found.get("entries", []))


def subscribe(core, list_id, *addresses):
    with core.rest() as rest:
        for address in addresses:
            response = rest.post("/members", data={"list_id": list_id, "subscriber": address, "pre_verified": True,
                                                   "pre_confirmed": True, "pre_approved": True})
            assert response.status_code == 201, response.text


def group(novi, *members):
    """A Novi group of (email, extra fields) members; its guid."""
    guid = str(uuids.uuid4())
    novi.groups[guid] = []
    for address, extra in members:
        member = str(uuids.uuid4())
        novi.member(member, email=address, **extra)
        novi.groups[guid].append(member)
    return guid


def configure(client, tenant, novi, core, mappings):
    cfg = {"novi_api_root_url": novi.url, "novi_idaa_api_key": novi.key, "mailman_base_url": core.base_url,
           "mailman_username": core.username, "mailman_password": core.password, "novi_mailman_sync": mappings}
    response = client.post("/v3/crud/site/", json={"name": "Community", "cfg_json": cfg}, headers=tenant.headers())
    assert response.status_code == 201, response.text
    return response.json()["id_random"]


def run_sync(client, tenant, dry_run=False, role="admin"):
    return client.post(f"/v3/action/e_novi_mailman/sync{'?dry_run=true' if dry_run else ''}",
                       headers=tenant.headers(role))


@pytest.fixture()
def mirrored(client, tenant, novi, core):
    """A list with a stale and a kept member, and a Novi group of active, inactive and
    unsubscribed members."""
    list_id = new_list(core)
    subscribe(core, list_id, "old@example.test", "KEPT@example.test")
    guid = group(novi, ("kept@example.test", {}), ("new member@example.test", {}),
                 ("gone@example.test", {"Active": False}), ("quiet@example.test", {"UnsubscribeFromEmails": True}))
    configure(client, tenant, novi, core, [{"novi_group_guid": guid, "mailman_list_id": list_id}])
    return list_id


def test_a_sync_subscribes_novi_only_members_and_unsubscribes_mailman_only_ones(client, tenant, core, mirrored):
    response = run_sync(client, tenant)
    assert response.status_code == 200, response.text
    [entry] = response.json()["lists"]
    assert (entry["added"], entry["removed"], entry["unchanged"], entry["failed"]) == \
        (["new+member@example.test"], ["old@example.test"], 1, [])
    assert roster(core, mirrored) == ["kept@example.test", "new+member@example.test"]


def test_a_dry_run_reports_the_same_and_changes_nothing(client, tenant, core, mirrored):
    before = roster(core, mirrored)
    report = run_sync(client, tenant, dry_run=True).json()
    assert report["dry_run"] is True
    assert (report["lists"][0]["added"], report["lists"][0]["removed"]) == (["new+member@example.test"],
                                                                           ["old@example.test"])
    assert roster(core, mirrored) == before


def test_a_second_run_changes_nothing(client, tenant, core, mirrored):
    run_sync(client, tenant)
    [entry] = run_sync(client, tenant).json()["lists"]
    assert (entry["added"], entry["removed"], entry["unchanged"]) == ([], [], 2)


def test_one_failing_address_never_stops_the_rest(client, tenant, novi, core):
    list_id = new_list(core)
    guid = group(novi, ("fine@example.test", {}), ("not an address", {}), ("also-fine@example.test", {}))
    broken = str(uuids.uuid4())
    novi.member(broken, email="broken@example.test")
    novi.groups[guid].append(broken)
    novi.fail(f"/api/customers/{broken}", 500)
    configure(client, tenant, novi, core, [{"novi_group_guid": guid, "mailman_list_id": list_id}])
    [entry] = run_sync(client, tenant).json()["lists"]
    assert entry["added"] == ["also-fine@example.test", "fine@example.test"]
    assert {f.get("address") or f.get("novi_uuid") for f in entry["failed"]} == {"not+an+address", broken}
    assert roster(core, list_id) == ["also-fine@example.test", "fine@example.test"]


def test_novi_paging_and_rate_limiting_are_followed(client, tenant, novi, core):
    list_id = new_list(core)
    guid = group(novi, *[(f"m{i:03d}@example.test", {}) for i in range(230)])
    novi.fail(f"/api/groups/{guid}/members", 429, {"Retry-After": "0"})
    configure(client, tenant, novi, core, [{"novi_group_guid": guid, "mailman_list_id": list_id}])
    [entry] = run_sync(client, tenant).json()["lists"]
    assert (len(entry["added"]), entry["failed"]) == (230, [])
    assert len(roster(core, list_id)) == 230


def test_a_list_that_fails_is_reported_and_the_other_lists_still_sync(client, tenant, novi, core):
    good = new_list(core)
    guid = group(novi, ("one@example.test", {}))
    configure(client, tenant, novi, core, [{"novi_group_guid": guid, "mailman_list_id": "nosuch.lists.example.test"},
                                          {"novi_group_guid": guid, "mailman_list_id": good}])
    missing, synced = run_sync(client, tenant).json()["lists"]
    assert "error" in missing and core.password not in missing["error"]
    assert synced["added"] == ["one@example.test"]


def test_a_second_sync_of_a_site_while_one_runs_is_refused(client, tenant, services, mirrored):
    site = client.get("/v3/crud/site/", headers=tenant.headers()).json()["data"][0]["id_random"]
    client.run(services.cache.client.setex, f"aether:lock:mailman_sync:{site}", 30, "1")
    try:
        assert assert_refused(run_sync(client, tenant), 409)["code"] == "sync_running"
    finally:
        client.run(services.cache.client.delete, f"aether:lock:mailman_sync:{site}")
    assert run_sync(client, tenant).status_code == 200


def test_an_accounts_sync_never_touches_another_accounts_lists(client, tenant, other_tenant, novi, core):
    mine, theirs = new_list(core), new_list(core)
    subscribe(core, theirs, "theirs@example.test")
    configure(client, tenant, novi, core, [{"novi_group_guid": group(novi, ("me@example.test", {})),
                                           "mailman_list_id": mine}])
    run_sync(client, tenant)
    assert roster(core, theirs) == ["theirs@example.test"]
    assert_refused(run_sync(client, other_tenant), 404)  # no settings of its own
    assert client.get("/v3/crud/sync_run/", headers=other_tenant.headers()).json()["data"] == []


def test_runs_are_recorded_and_read_by_admins_only(client, tenant, mirrored):
    run_sync(client, tenant, dry_run=True)
    run_sync(client, tenant)
    runs = client.get("/v3/crud/sync_run/", headers=tenant.headers()).json()["data"]
    assert [(r["kind"], r["dry_run"], r["status"]) for r in runs] == [("mailman", 0, "succeeded"),
                                                                       ("mailman", 1, "succeeded")]
    assert runs[0]["report_json"]["lists"][0]["added"] == ["new+member@example.test"]
    assert_refused(client.get("/v3/crud/sync_run/", headers=tenant.headers("write")), 403)
    assert_refused(run_sync(client, tenant, role="write"), 403)


def test_the_command_line_syncs_every_configured_site(settings, client, tenant, core, mirrored):
    env = {**os.environ, "AE_DB_URL": settings.db_url, "AE_REDIS_URL": settings.redis_url}
    dry = subprocess.run([AETHER, "sync-mailman", "--dry-run"], env=env, capture_output=True, text=True, timeout=120)
    assert dry.returncode == 0, dry.stderr
    assert f"list {mirrored}: would add 1, would remove 1, unchanged 1, failed 0" in dry.stdout
    done = subprocess.run([AETHER, "sync-mailman"], env=env, capture_output=True, text=True, timeout=120)
    assert f"list {mirrored}: added 1, removed 1, unchanged 1, failed 0" in done.stdout
    assert roster(core, mirrored) == ["kept@example.test", "new+member@example.test"]


def test_the_schedule_runs_the_sync_on_the_job_queue(settings, client, tenant, core, mirrored, tmp_path, sql):
    settings = own_queue(settings)
    with worker(settings, str(tmp_path), AE_MAILMAN_SYNC_CRON="* * * * * */2"):  # every 2 s (croniter's seconds)
        for _ in range(1200):  # the worker starts, then the schedule fires every 2 s
            runs = client.get("/v3/crud/sync_run/", headers=tenant.headers()).json()["data"]
            if runs and runs[0]["status"] == "succeeded":
                break
            time.sleep(0.1)
    assert runs and runs[0]["dry_run"] == 0
    assert roster(core, mirrored) == ["kept@example.test", "new+member@example.test"]
