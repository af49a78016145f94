"""event_registration_sync called directly: a Zoom ticket becomes one registration of the
event (and its event_person by email), found again by its ticket id, whatever runs twice."""

import secrets
import threading
import time

import pytest

from api.db import connect_sync
from tests.sql.conftest import refused


def event_of(tenant):
    """The internal id of a new event of the tenant (what the sync passes)."""
    id_random = tenant.make("event")["id_random"]
    return tenant.query("SELECT id FROM event WHERE id_random = %s", id_random)[0]["id"]


def new_ticket(**fields):
    ticket = {"ticket": f"tk_{secrets.token_hex(6)}", "email": f"jill-{secrets.token_hex(3)}@example.test",
              "name": None, "given": "Jill", "family": "Chill", "status": "active", "registered_on": None}
    return {**ticket, **fields}


def sync(tenant, event, ticket, dry_run=0, account=None):
    [row] = tenant.call("event_registration_sync", account or tenant.account, event, "zoom", ticket["ticket"],
                        ticket["email"], ticket["name"], ticket["given"], ticket["family"], ticket["status"],
                        ticket["registered_on"], dry_run)
    return row


def registrations(tenant, event):
    return tenant.query(
        "SELECT r.id_random, r.status, r.external_source, r.external_id, r.registered_on, r.event_person_id_random,"
        " p.name, p.given_name, p.family_name, p.email"
        " FROM v_event_registration AS r INNER JOIN v_event_person AS p ON p.id_random = r.event_person_id_random"
        " WHERE r.event_id = %s ORDER BY r.id", event)


def people(tenant, event):
    return tenant.query("SELECT id_random, name, email FROM event_person WHERE event_id = %s ORDER BY id", event)


@pytest.fixture()
def event(alpha):
    return event_of(alpha)


def test_a_new_ticket_adds_a_confirmed_registration_and_its_person(alpha, event):
    ticket = new_ticket(registered_on="2026-05-01 09:30:00")
    answer = sync(alpha, event, ticket)
    [row] = registrations(alpha, event)
    assert answer == {"outcome": "added", "id_random": row["id_random"]}
    assert (row["status"], row["external_source"], row["external_id"], str(row["registered_on"])) == \
        ("confirmed", "zoom", ticket["ticket"], "2026-05-01 09:30:00")
    assert (row["name"], row["given_name"], row["family_name"], row["email"]) == \
        ("Jill Chill", "Jill", "Chill", ticket["email"])


def test_the_same_ticket_again_is_unchanged_and_adds_nothing(alpha, event):
    ticket = new_ticket()
    added = sync(alpha, event, ticket)
    before = registrations(alpha, event), people(alpha, event)
    assert sync(alpha, event, ticket) == {"outcome": "unchanged", "id_random": added["id_random"]}
    assert (registrations(alpha, event), people(alpha, event)) == before


def test_a_renamed_ticket_changes_the_persons_name(alpha, event):
    ticket = new_ticket()
    added = sync(alpha, event, ticket)
    assert sync(alpha, event, {**ticket, "given": "Jillian"}) == {"outcome": "changed", "id_random": added["id_random"]}
    [row] = registrations(alpha, event)
    assert (row["name"], row["given_name"], row["family_name"]) == ("Jillian Chill", "Jillian", "Chill")
    assert sync(alpha, event, {**ticket, "given": "Jillian"})["outcome"] == "unchanged"


def test_a_change_of_letter_case_in_a_name_is_a_change(alpha, event):
    ticket = new_ticket(given="jill")
    sync(alpha, event, ticket)
    assert sync(alpha, event, {**ticket, "given": "Jill"})["outcome"] == "changed"
    assert registrations(alpha, event)[0]["given_name"] == "Jill"


def test_a_cancelled_ticket_cancels_the_registration_and_an_active_one_confirms_it_again(alpha, event):
    ticket = new_ticket()
    sync(alpha, event, ticket)
    assert sync(alpha, event, {**ticket, "status": "cancelled"})["outcome"] == "changed"
    assert registrations(alpha, event)[0]["status"] == "cancelled"
    assert sync(alpha, event, {**ticket, "status": "cancelled"})["outcome"] == "unchanged"
    assert sync(alpha, event, ticket)["outcome"] == "changed"
    assert registrations(alpha, event)[0]["status"] == "confirmed"


@pytest.mark.parametrize("status", ["active", "cancelled"])
def test_a_checked_in_registration_stays_checked_in(alpha, query, event, status):
    ticket = new_ticket()
    added = sync(alpha, event, ticket)
    query("UPDATE event_registration SET status = 'checked_in' WHERE id_random = %s", added["id_random"])
    assert sync(alpha, event, {**ticket, "status": status})["outcome"] == "unchanged"
    assert registrations(alpha, event)[0]["status"] == "checked_in"


def test_a_dry_run_writes_nothing_and_answers_what_it_would_do(alpha, event):
    ticket = new_ticket()
    assert sync(alpha, event, ticket, dry_run=1) == {"outcome": "added", "id_random": None}
    assert registrations(alpha, event) == [] and people(alpha, event) == []
    added = sync(alpha, event, ticket)
    before = registrations(alpha, event), people(alpha, event)
    assert sync(alpha, event, ticket, dry_run=1) == {"outcome": "unchanged", "id_random": added["id_random"]}
    for changed in ({"given": "Jillian"}, {"status": "cancelled"}, {"email": "someone.else@example.test"}):
        assert sync(alpha, event, {**ticket, **changed}, dry_run=1) == \
            {"outcome": "changed", "id_random": added["id_random"]}
    assert (registrations(alpha, event), people(alpha, event)) == before


def test_the_person_is_found_by_email_whatever_its_letter_case(alpha, event):
    id_random = alpha.query("SELECT id_random FROM event WHERE id = %s", event)[0]["id_random"]
    person = alpha.make("event_person", id_random, name="Jill Chill", email="Jill.Chill@Example.TEST")
    answer = sync(alpha, event, new_ticket(email="  jill.chill@example.test "))
    assert answer["outcome"] == "added"
    [row] = registrations(alpha, event)
    assert row["event_person_id_random"] == person["id_random"]
    assert [p["id_random"] for p in people(alpha, event)] == [person["id_random"]]


def test_two_tickets_of_one_email_share_one_person(alpha, event):
    email = f"pair-{secrets.token_hex(3)}@example.test"
    sync(alpha, event, new_ticket(email=email))
    sync(alpha, event, new_ticket(email=email.upper()))
    first, second = registrations(alpha, event)
    assert first["event_person_id_random"] == second["event_person_id_random"]
    assert len(people(alpha, event)) == 1


def test_a_ticket_whose_email_changed_moves_to_that_persons_registration(alpha, event):
    ticket = new_ticket()
    added = sync(alpha, event, ticket)
    old_person = registrations(alpha, event)[0]["event_person_id_random"]
    assert sync(alpha, event, {**ticket, "email": "moved@example.test"}) == \
        {"outcome": "changed", "id_random": added["id_random"]}
    [row] = registrations(alpha, event)
    assert row["event_person_id_random"] != old_person and row["email"] == "moved@example.test"


def test_without_an_email_an_existing_registration_keeps_its_person(alpha, event):
    ticket = new_ticket()
    sync(alpha, event, ticket)
    answer = sync(alpha, event, {**ticket, "email": None, "given": None, "family": None, "status": "cancelled"})
    assert answer["outcome"] == "changed"
    [row] = registrations(alpha, event)
    assert (row["status"], row["email"], row["name"]) == ("cancelled", ticket["email"], "Jill Chill")


def test_a_new_registration_needs_an_email(alpha, event):
    assert refused(sync, alpha, event, new_ticket(email=None)) == \
        (31422, "email: a new registration needs an email address")


def test_a_person_without_any_name_is_named_by_the_email(alpha, event):
    ticket = new_ticket(given=" ", family=None)
    sync(alpha, event, ticket)
    assert registrations(alpha, event)[0]["name"] == ticket["email"]


def test_the_same_ticket_id_in_two_events_makes_two_registrations(alpha, event):
    other = event_of(alpha)
    ticket = new_ticket()
    assert sync(alpha, event, ticket)["outcome"] == "added"
    assert sync(alpha, other, ticket)["outcome"] == "added"
    assert len(registrations(alpha, event)) == len(registrations(alpha, other)) == 1


def test_the_same_new_ticket_synced_twice_at_once_is_added_once(db_url, alpha, query, event):
    """Two syncs of one event take turns on the event's row: both wait for it while another
    transaction holds it, then one adds the ticket and the other finds it."""
    ticket, outcomes, waiting = new_ticket(), [], []

    def run():
        with connect_sync(db_url) as conn, conn.cursor() as cursor:
            waiting.append(conn.thread_id())
            cursor.execute("CALL event_registration_sync(%s, %s, 'zoom', %s, %s, NULL, 'Jill', 'Chill', 'active',"
                           " NULL, 0)", (alpha.account, event, ticket["ticket"], ticket["email"]))
            outcomes.append(cursor.fetchall()[0]["outcome"])
    with connect_sync(db_url) as holder, holder.cursor() as cursor:
        cursor.execute("START TRANSACTION")
        cursor.execute("SELECT id FROM event WHERE id = %s FOR UPDATE", (event,))
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        wait_until(lambda: len(waiting) == 2 and lock_waits(query, waiting) == 2)
        cursor.execute("COMMIT")
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["added", "unchanged"]
    assert len(registrations(alpha, event)) == 1 and len(people(alpha, event)) == 1


def lock_waits(query, threads):
    return query("SELECT COUNT(*) AS n FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'"
                 f" AND trx_mysql_thread_id IN ({', '.join(['%s'] * len(threads))})", *threads)[0]["n"]


def wait_until(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the syncs never waited for the event's row"
        time.sleep(0.01)


def test_another_accounts_event_is_not_found_and_not_touched(alpha, beta, event):
    ticket = new_ticket()
    sync(alpha, event, ticket)
    before = registrations(alpha, event), people(alpha, event)
    assert refused(sync, beta, event, {**ticket, "status": "cancelled"}) == \
        (31404, "event: no event with this id in your account")
    assert refused(sync, beta, event, new_ticket()) == (31404, "event: no event with this id in your account")
    assert (registrations(alpha, event), people(alpha, event)) == before


@pytest.mark.parametrize("field,value,message", [
    ("status", "paused", "status: must be active or cancelled"),
    ("status", "ACTIVE", "status: must be active or cancelled"),
    ("ticket", "", "external_id: must be 1 to 100 ASCII characters without spaces"),
    ("ticket", "tk 1", "external_id: must be 1 to 100 ASCII characters without spaces"),
    ("ticket", "tké1", "external_id: must be 1 to 100 ASCII characters without spaces"),
    ("ticket", "t" * 101, "external_id: must be 1 to 100 ASCII characters without spaces"),
    ("email", "not-an-email", "email: must be an email address"),
])
def test_bad_input_is_refused_naming_the_field(alpha, event, field, value, message):
    assert refused(sync, alpha, event, new_ticket(**{field: value})) == (31422, message)
    assert registrations(alpha, event) == []


@pytest.mark.parametrize("source", ["Zoom", "", "zo om", "zöom", "z" * 33, None])
def test_a_source_that_is_no_lower_case_word_is_refused(alpha, event, source):
    with pytest.raises(Exception) as raised:
        alpha.call("event_registration_sync", alpha.account, event, source, "tk_1", "a@example.test", None,
                   None, None, "active", None, 0)
    assert raised.value.args == (31422, "external_source: must be 1 to 32 characters of a-z, 0-9 and _")


def test_the_external_key_is_shown_by_the_view_but_not_writable(alpha, event, registry):
    sync(alpha, event, new_ticket())
    kind = registry.get("event_registration")
    fields = {field.name: field for field in kind.views["default"].fields}
    assert {"external_source", "external_id"} <= set(fields)
    assert not fields["external_source"].writable and not fields["external_id"].writable
