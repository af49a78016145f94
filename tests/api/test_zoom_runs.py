"""The Zoom ticket sync as clients and operators start it: the admin route with its dry run,
recorded runs, one run per account at a time, the command line and the schedule on the queue."""

import os
import subprocess
import time
from dataclasses import replace

from api.app import create_app
from api.migrate import migrate
from tests.api.conftest import assert_refused, make_tenant
from tests.api.test_media_actions import own_queue, worker
from tests.api.test_serve import AETHER
from tests.api.test_zoom_sync import mapped_event, registrations, zoom  # noqa: F401
from tests.client import AppClient
from tests.conftest import throwaway_database


def run_sync(client, tenant, dry_run=False, role="admin"):
    return client.post(f"/v3/action/zoom/sync{'?dry_run=true' if dry_run else ''}", headers=tenant.headers(role))


def test_the_route_syncs_the_callers_account_and_a_dry_run_writes_nothing(client, tenant, zoom):
    event, zoom_event = mapped_event(client, tenant, zoom)
    ticket = zoom.ticket(zoom_event)
    dry = run_sync(client, tenant, dry_run=True).json()
    assert (dry["dry_run"], dry["events"][0]["added"]) == (True, [ticket["ticket_id"]])
    assert registrations(client, tenant, event) == {}
    done = run_sync(client, tenant).json()
    assert done["events"][0]["added"] == [ticket["ticket_id"]] and done["run_id_random"]
    assert set(registrations(client, tenant, event)) == {ticket["ticket_id"]}
    runs = client.get("/v3/crud/sync_run/?kind=zoom", headers=tenant.headers()).json()["data"]
    assert [(r["dry_run"], r["status"]) for r in runs] == [(0, "succeeded"), (1, "succeeded")]


def test_only_admins_sync_and_a_second_run_while_one_runs_is_refused(client, services, tenant, zoom):
    mapped_event(client, tenant, zoom)
    assert_refused(run_sync(client, tenant, role="write"), 403)
    account = client.run(services.db.fetch_val, "SELECT id FROM account WHERE id_random = %(id)s",
                         {"id": tenant.account})
    client.run(services.cache.client.setex, f"aether:lock:zoom_sync:{account}", 30, "1")
    try:
        assert assert_refused(run_sync(client, tenant), 409)["code"] == "sync_running"
    finally:
        client.run(services.cache.client.delete, f"aether:lock:zoom_sync:{account}")


def test_the_command_line_syncs_every_mapped_event(settings, client, tenant, zoom):
    event, zoom_event = mapped_event(client, tenant, zoom)
    zoom.ticket(zoom_event)
    env = {**os.environ, "AE_DB_URL": settings.db_url, "AE_REDIS_URL": settings.redis_url}
    result = subprocess.run([AETHER, "sync-zoom"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"event {event} (zoom {zoom_event}): added 1, changed 0, unchanged 0, failed 0" in result.stdout
    assert len(registrations(client, tenant, event)) == 1


def test_the_schedule_runs_the_sync_on_the_job_queue(server_url, settings, zoom, tmp_path):
    """In a database of its own: the schedule syncs every account, and the other tests' accounts
    (mapped to Zoom servers long gone) would only make it wait."""
    with throwaway_database(server_url, "zoomcron") as url:
        migrate(url, say=lambda *_: None)
        own = replace(own_queue(settings), db_url=url.url())
        with AppClient(create_app(own)) as client:
            tenant = make_tenant(client, client.app.state.services.db, "Cron")
            event, zoom_event = mapped_event(client, tenant, zoom)
            zoom.ticket(zoom_event)
            with worker(own, str(tmp_path), AE_ZOOM_SYNC_CRON="* * * * * */2"):
                for _ in range(1200):  # the worker starts, then the schedule fires every 2 s
                    if registrations(client, tenant, event):
                        break
                    time.sleep(0.1)
            assert len(registrations(client, tenant, event)) == 1
