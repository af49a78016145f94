"""sync_zoom against a local fake Zoom over HTTP (tests/fakes/zoom.py) and the test database:
events and sites are made through the API, registrations read back through it."""

import asyncio
import secrets

import httpx
import pytest

from api.integrations.zoom import TokenCache, ZoomClient, ZoomError
from api.integrations.zoom_sync import sync_zoom
from tests.fakes.zoom import FakeZoom


@pytest.fixture()
def zoom():
    with FakeZoom() as fake:
        yield fake


def zoom_event_id():
    return f"ze_{secrets.token_hex(5)}"


def make(client, tenant, kind, **body):
    response = client.post(f"/v3/crud/{kind}/", json=body, headers=tenant.headers())
    assert response.status_code == 201, response.text
    return response.json()["id_random"]


def mapped_event(client, tenant, zoom, zoom_event=None, **cfg):
    """An event whose cfg_json points at the fake Zoom and one of its events; answers (event, zoom event)."""
    zoom_event = zoom_event or zoom_event_id()
    zoom.events.setdefault(zoom_event, [])
    return make(client, tenant, "event", name="Zoomed", cfg_json=zoom.cfg(zoom_event, **cfg)), zoom_event


def synced(client, services, tenant, dry_run=False):
    account = client.run(services.db.fetch_val, "SELECT id FROM account WHERE id_random = %(id)s",
                         {"id": tenant.account})
    return client.run(sync_zoom, services.db, account, dry_run)


def registrations(client, tenant, event):
    response = client.get(f"/v3/crud/event/{event}/event_registration/", params={"limit": 1000},
                          headers=tenant.headers())
    assert response.status_code == 200, response.text
    return {row["external_id"]: row for row in response.json()["data"]}


def people(client, tenant, event):
    response = client.get(f"/v3/crud/event/{event}/event_person/", params={"limit": 1000}, headers=tenant.headers())
    assert response.status_code == 200, response.text
    return {row["id_random"]: row for row in response.json()["data"]}


def entry_of(report, event):
    [entry] = [e for e in report["events"] if e["event_id_random"] == event]
    return entry


def test_a_first_run_adds_every_ticket_as_a_registration_with_its_person(client, services, tenant, zoom):
    event, zoom_event = mapped_event(client, tenant, zoom)
    tickets = [zoom.ticket(zoom_event) for _ in range(3)]
    report = synced(client, services, tenant)
    assert report == {"dry_run": False, "events": [{
        "event_id_random": event, "zoom_event_id": zoom_event, "added": [t["ticket_id"] for t in tickets],
        "changed": [], "unchanged": 0, "failed": []}]}
    shown, persons = registrations(client, tenant, event), people(client, tenant, event)
    assert set(shown) == {t["ticket_id"] for t in tickets}
    for ticket in tickets:
        row = shown[ticket["ticket_id"]]
        person = persons[row["event_person_id_random"]]
        assert (row["status"], row["external_source"]) == ("confirmed", "zoom")
        assert (person["email"], person["given_name"], person["family_name"], person["name"]) == \
            (ticket["email"], ticket["first_name"], ticket["last_name"],
             f"{ticket['first_name']} {ticket['last_name']}")


def test_a_second_run_finds_everything_unchanged(client, services, tenant, zoom):
    event, zoom_event = mapped_event(client, tenant, zoom)
    for _ in range(3):
        zoom.ticket(zoom_event)
    synced(client, services, tenant)
    before = registrations(client, tenant, event), people(client, tenant, event)
    entry = entry_of(synced(client, services, tenant), event)
    assert (entry["added"], entry["changed"], entry["unchanged"], entry["failed"]) == ([], [], 3, [])
    assert (registrations(client, tenant, event), people(client, tenant, event)) == before


def test_a_ticket_renamed_in_zoom_is_changed(client, services, tenant, zoom):
    event, zoom_event = mapped_event(client, tenant, zoom)
    ticket, _ = zoom.ticket(zoom_event), zoom.ticket(zoom_event)
    synced(client, services, tenant)
    ticket["last_name"] = "Renamed"
    entry = entry_of(synced(client, services, tenant), event)
    assert (entry["changed"], entry["unchanged"]) == ([ticket["ticket_id"]], 1)
    row = registrations(client, tenant, event)[ticket["ticket_id"]]
    assert people(client, tenant, event)[row["event_person_id_random"]]["family_name"] == "Renamed"


def test_a_ticket_deleted_in_zoom_cancels_its_registration(client, services, tenant, zoom):
    event, zoom_event = mapped_event(client, tenant, zoom)
    ticket, kept = zoom.ticket(zoom_event), zoom.ticket(zoom_event)
    synced(client, services, tenant)
    zoom.delete(zoom_event, ticket["ticket_id"])
    entry = entry_of(synced(client, services, tenant), event)
    assert (entry["changed"], entry["unchanged"]) == ([ticket["ticket_id"]], 1)
    shown = registrations(client, tenant, event)
    assert (shown[ticket["ticket_id"]]["status"], shown[kept["ticket_id"]]["status"]) == ("cancelled", "confirmed")
    assert entry_of(synced(client, services, tenant), event)["unchanged"] == 1  # cancelled once, not again


def test_a_ticket_that_says_it_is_cancelled_cancels_its_registration(client, services, tenant, zoom):
    event, zoom_event = mapped_event(client, tenant, zoom)
    ticket = zoom.ticket(zoom_event)
    synced(client, services, tenant)
    ticket["status"] = "canceled"
    assert entry_of(synced(client, services, tenant), event)["changed"] == [ticket["ticket_id"]]
    assert registrations(client, tenant, event)[ticket["ticket_id"]]["status"] == "cancelled"


def test_a_dry_run_changes_nothing_but_reports_what_a_run_would(client, services, tenant, zoom):
    event, zoom_event = mapped_event(client, tenant, zoom)
    renamed, deleted = zoom.ticket(zoom_event), zoom.ticket(zoom_event)
    dry = synced(client, services, tenant, dry_run=True)
    assert registrations(client, tenant, event) == {} and people(client, tenant, event) == {}
    real = synced(client, services, tenant)
    assert {**dry, "dry_run": False} == real and dry["dry_run"] is True
    renamed["first_name"] = "Renamed"
    zoom.delete(zoom_event, deleted["ticket_id"])
    zoom.ticket(zoom_event)
    before = registrations(client, tenant, event), people(client, tenant, event)
    dry = synced(client, services, tenant, dry_run=True)
    assert (registrations(client, tenant, event), people(client, tenant, event)) == before
    entry = entry_of(dry, event)
    assert (len(entry["added"]), sorted(entry["changed"])) == (1, sorted([renamed["ticket_id"], deleted["ticket_id"]]))
    assert {**dry, "dry_run": False} == synced(client, services, tenant)


def test_every_page_of_tickets_is_read(client, services, tenant, zoom):
    zoom.max_page_size = 3
    event, zoom_event = mapped_event(client, tenant, zoom)
    tickets = [zoom.ticket(zoom_event) for _ in range(7)]
    entry = entry_of(synced(client, services, tenant), event)
    assert entry["added"] == [t["ticket_id"] for t in tickets]
    pages = zoom.answered("tickets", 200)
    assert len(pages) == 3 and pages[0].page_token is None and pages[1].page_token and pages[2].page_token


def test_a_token_that_expires_mid_run_is_refreshed_once(client, services, tenant, zoom):
    zoom.max_page_size, zoom.token_uses = 2, 2
    event, zoom_event = mapped_event(client, tenant, zoom)
    tickets = [zoom.ticket(zoom_event) for _ in range(6)]
    entry = entry_of(synced(client, services, tenant), event)
    assert entry["added"] == [t["ticket_id"] for t in tickets]
    assert len(zoom.answered("token", 200)) == 2
    assert len(zoom.answered("tickets", 401)) == 1 and len(zoom.answered("tickets", 200)) == 3


def test_a_rate_limited_call_is_made_again_after_retry_after(client, services, tenant, zoom):
    zoom.rate_limit = ["1"]
    event, zoom_event = mapped_event(client, tenant, zoom)
    ticket = zoom.ticket(zoom_event)
    assert entry_of(synced(client, services, tenant), event)["added"] == [ticket["ticket_id"]]
    assert [call.status for call in zoom.answered("tickets")] == [429, 200]


def test_a_zoom_server_error_is_reported_on_its_event_while_the_others_sync(client, services, tenant, zoom):
    broken, broken_zoom = mapped_event(client, tenant, zoom)
    healthy, healthy_zoom = mapped_event(client, tenant, zoom)
    zoom.ticket(broken_zoom)
    ticket = zoom.ticket(healthy_zoom)
    zoom.failing[broken_zoom] = 503
    report = synced(client, services, tenant)
    error = "Zoom could not answer the list of tickets: Internal error. (HTTP 503)"
    assert entry_of(report, broken) == {"event_id_random": broken, "zoom_event_id": broken_zoom, "error": error}
    assert entry_of(report, healthy)["added"] == [ticket["ticket_id"]]
    assert registrations(client, tenant, broken) == {}


def test_a_bad_secret_is_an_error_that_does_not_show_the_secret(client, services, tenant, zoom):
    wrong = f"wrong-{secrets.token_hex(8)}"
    event, zoom_event = mapped_event(client, tenant, zoom, zoom_client_secret=wrong)
    zoom.ticket(zoom_event)
    report = synced(client, services, tenant)
    assert entry_of(report, event) == {
        "event_id_random": event, "zoom_event_id": zoom_event,
        "error": "Zoom refused the app's credentials: Invalid client_id or client_secret (HTTP 401)"}
    assert wrong not in str(report) and zoom.credentials.client_secret not in str(report)
    assert registrations(client, tenant, event) == {}


def test_a_good_token_is_not_lent_to_the_same_ids_with_a_wrong_secret(client, services, tenant, zoom):
    good, good_zoom = mapped_event(client, tenant, zoom)
    bad, bad_zoom = mapped_event(client, tenant, zoom, zoom_client_secret="not-the-secret")
    zoom.ticket(good_zoom), zoom.ticket(bad_zoom)
    report = synced(client, services, tenant)
    assert len(entry_of(report, good)["added"]) == 1
    assert "refused the app's credentials" in entry_of(report, bad)["error"]


def test_missing_credentials_are_an_error_on_the_event(client, services, tenant, zoom):
    event = make(client, tenant, "event", name="Half set up",
                 cfg_json={"zoom_event_id": zoom_event_id(), "zoom_client_id": "only-this"})
    assert entry_of(synced(client, services, tenant), event)["error"] == \
        "zoom_account_id, zoom_client_secret missing from the event's cfg_json"


def test_credentials_come_from_the_site_when_the_event_names_none(client, services, tenant, zoom):
    site = make(client, tenant, "site", name="Zoom site", cfg_json=zoom.cfg())
    zoom_event = zoom_event_id()
    event = make(client, tenant, "event", name="On the site", site_id_random=site,
                 cfg_json={"zoom_event_id": zoom_event})
    ticket = zoom.ticket(zoom_event)
    assert entry_of(synced(client, services, tenant), event)["added"] == [ticket["ticket_id"]]


def test_events_without_a_zoom_event_are_left_out(client, services, tenant, zoom):
    plain = make(client, tenant, "event", name="Not on Zoom", cfg_json={"theme": "dark"})
    event, zoom_event = mapped_event(client, tenant, zoom)
    zoom.ticket(zoom_event)
    assert [e["event_id_random"] for e in synced(client, services, tenant)["events"]] == [event]
    assert registrations(client, tenant, plain) == {}


def test_a_ticket_that_cannot_be_written_fails_alone(client, services, tenant, zoom):
    event, zoom_event = mapped_event(client, tenant, zoom)
    first, bad, last = zoom.ticket(zoom_event), zoom.ticket(zoom_event, email="not an email"), zoom.ticket(zoom_event)
    nameless = zoom.ticket(zoom_event)
    del nameless["ticket_id"]
    entry = entry_of(synced(client, services, tenant), event)
    assert entry["added"] == [first["ticket_id"], last["ticket_id"]]
    assert entry["failed"] == [{"ticket": bad["ticket_id"], "reason": "email: must be an email address"},
                               {"ticket": None, "reason": "the ticket has no ticket_id"}]


def test_an_accounts_sync_never_touches_another_accounts_events(client, services, tenant, other_tenant, zoom):
    shared = zoom_event_id()
    mine, _ = mapped_event(client, tenant, zoom, shared)
    theirs, _ = mapped_event(client, other_tenant, zoom, shared)
    ticket = zoom.ticket(shared)
    report = synced(client, services, tenant)
    assert [e["event_id_random"] for e in report["events"]] == [mine]
    assert registrations(client, other_tenant, theirs) == {} and people(client, other_tenant, theirs) == {}
    assert entry_of(synced(client, services, other_tenant), theirs)["added"] == [ticket["ticket_id"]]
    zoom.delete(shared, ticket["ticket_id"])
    assert entry_of(synced(client, services, tenant), mine)["changed"] == [ticket["ticket_id"]]
    assert registrations(client, other_tenant, theirs)[ticket["ticket_id"]]["status"] == "confirmed"


# The client alone.

def run(coroutine):
    return asyncio.run(coroutine)


async def listed(zoom_client, event):
    async with zoom_client:
        return [ticket["ticket_id"] async for ticket in zoom_client.tickets(event)]


def test_a_zoom_slower_than_the_read_timeout_is_a_timeout_error(zoom):
    zoom.slow_seconds = 2
    zoom.ticket("slow")
    slow = ZoomClient(zoom.credentials, api_base_url=zoom.api_base_url, oauth_url=zoom.oauth_url,
                      timeout=httpx.Timeout(5.0, read=0.2), tokens=TokenCache())
    with pytest.raises(ZoomError) as raised:
        run(listed(slow, "slow"))
    assert str(raised.value) == "Zoom did not answer in time (ReadTimeout)" and raised.value.status is None


def test_the_wait_after_a_429_is_the_one_retry_after_asks(zoom):
    zoom.rate_limit = ["7", "Wed, 21 Oct 2015 07:28:00 GMT"]  # a date in the past: no wait
    ticket = zoom.ticket("busy")
    waits = []

    async def sleep(seconds):
        waits.append(seconds)
    patient = ZoomClient(zoom.credentials, api_base_url=zoom.api_base_url, oauth_url=zoom.oauth_url,
                         tokens=TokenCache(), sleep=sleep)
    assert run(listed(patient, "busy")) == [ticket["ticket_id"]]
    assert waits == [7.0, 0.0]


def test_a_retry_after_longer_than_the_longest_wait_fails_at_once(zoom):
    zoom.rate_limit = ["3600"]
    zoom.ticket("daily")
    waits = []

    async def sleep(seconds):
        waits.append(seconds)
    impatient = ZoomClient(zoom.credentials, api_base_url=zoom.api_base_url, oauth_url=zoom.oauth_url,
                           tokens=TokenCache(), sleep=sleep)
    with pytest.raises(ZoomError) as raised:
        run(listed(impatient, "daily"))
    assert raised.value.status == 429 and waits == []


def test_a_token_is_asked_for_once_while_it_lasts(zoom):
    zoom.ticket("cached")
    tokens = TokenCache()
    for _ in range(3):
        run(listed(ZoomClient(zoom.credentials, api_base_url=zoom.api_base_url, oauth_url=zoom.oauth_url,
                              tokens=tokens), "cached"))
    assert len(zoom.answered("token")) == 1 and len(zoom.answered("tickets", 200)) == 3


def test_an_unknown_zoom_event_is_an_error_naming_zoom_s_words(zoom):
    lost = ZoomClient(zoom.credentials, api_base_url=zoom.api_base_url, oauth_url=zoom.oauth_url, tokens=TokenCache())
    with pytest.raises(ZoomError) as raised:
        run(listed(lost, "nowhere"))
    assert str(raised.value) == "Zoom could not answer the list of tickets: Event does not exist. (HTTP 404)"


def test_an_unreachable_zoom_is_an_error(zoom):
    closed = ZoomClient(zoom.credentials, api_base_url="http://127.0.0.1:9/v2", oauth_url="http://127.0.0.1:9/oauth",
                        tokens=TokenCache())
    with pytest.raises(ZoomError) as raised:
        run(listed(closed, "any"))
    assert str(raised.value) == "could not reach Zoom (ConnectError)"
