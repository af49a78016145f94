"""The statements the API builds for lists and searches, run against 50,000 sessions in several
accounts: every page reads about one page of index entries, however deep it is."""

import json

import pytest

from api import search
from api.registry import JSON_COLUMN
from api.db import connect_sync

ACCOUNTS, EVENTS_PER_ACCOUNT, SESSIONS = 5, 2, 50_000

CURSOR_KEY = b"test cursor key"


@pytest.fixture(scope="module")
def seeded(db_url):
    """Five accounts with two events each and 50,000 sessions spread over the ten events."""
    with connect_sync(db_url) as conn, conn.cursor() as cursor:
        events = []
        for a in range(ACCOUNTS):
            cursor.execute("INSERT INTO account (name) VALUES (%s)", (f"Plans {a}",))
            account = cursor.lastrowid
            for e in range(EVENTS_PER_ACCOUNT):
                cursor.execute("INSERT INTO event (account_id, name) VALUES (%s, %s)", (account, f"Event {e}"))
                events.append((account, cursor.lastrowid))
        cursor.execute("CREATE TEMPORARY TABLE plan_event (n INT PRIMARY KEY, account_id INT, event_id INT)")
        cursor.executemany("INSERT INTO plan_event VALUES (%s, %s, %s)",
                           [(n, account, event) for n, (account, event) in enumerate(events)])
        cursor.execute(
            "INSERT INTO event_session (account_id, event_id, name, code, start_on, sort)"
            " SELECT pe.account_id, pe.event_id, CONCAT('Session ', s.seq), CONCAT('c', s.seq),"
            " TIMESTAMP('2026-05-01') + INTERVAL (s.seq MOD 997) MINUTE, s.seq MOD 7"
            f" FROM seq_0_to_{SESSIONS - 1} AS s INNER JOIN plan_event AS pe ON pe.n = s.seq MOD {len(events)}"
        )
        cursor.execute("ANALYZE TABLE event_session, event")
        cursor.fetchall()
        cursor.execute("SELECT id_random, id FROM event WHERE id = %s", (events[3][1],))
        event = cursor.fetchone()
        cursor.execute("SELECT id_random FROM account WHERE id = %s", (events[3][0],))
        return {"account": events[3][0], "event": event["id_random"], "event_id": event["id"]}


def analyze(sql, statement, values):
    """ANALYZE runs the statement and reports every table access (the access used, the rows it
    read), main query first; views are merged, so their tables keep the views' aliases."""
    with sql.cursor() as cursor:
        cursor.execute("ANALYZE FORMAT=JSON " + statement, values)
        plan = json.loads(next(iter(cursor.fetchone().values())))
    accesses = []

    def walk(node):
        if isinstance(node, dict):
            if "table_name" in node:
                accesses.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(plan)
    return accesses, json.dumps(plan)


def access(accesses, index_prefix):
    """The first access to the table whose indexes are named index_prefix..."""
    return next(a for a in accesses if any(key.startswith(index_prefix) for key in a.get("possible_keys") or ()))


def page(registry, kind, body, nested):
    kind = registry.get(kind)
    query = search.from_body(registry, kind, body, CURSOR_KEY)
    return search.Sql(query, registry.get(kind.parent) if nested else None).page(), query


def run(sql, statement, values):
    with sql.cursor() as cursor:
        cursor.execute(statement, values)
        return cursor.fetchall()


def test_the_seed_spreads_sessions_over_accounts(sql, seeded):
    rows = run(sql, "SELECT COUNT(DISTINCT account_id) AS accounts, COUNT(*) AS n FROM event_session"
                    " WHERE event_id IN (SELECT id FROM event WHERE name LIKE 'Event %%')", None)
    assert rows[0]["n"] >= SESSIONS and rows[0]["accounts"] >= ACCOUNTS


@pytest.mark.parametrize("depth", [0, 80])
def test_a_keyset_page_reads_one_page_of_the_sort_index_at_any_depth(sql, registry, seeded, depth):
    values = {"account": seeded["account"], "parent": seeded["event"]}
    body = {"limit": 50}
    for _ in range(depth):  # walk `depth` pages with the cursor, as a client would
        statement, query = page(registry, "event_session", body, nested=True)
        rows = run(sql, statement, {**values, **query.params})
        body["cursor"] = search.make_cursor(CURSOR_KEY, query.sort, json.loads(rows[query.limit - 1][JSON_COLUMN]))
    statement, query = page(registry, "event_session", body, nested=True)
    accesses, plan = analyze(sql, statement, {**values, **query.params})
    session = access(accesses, "ix_event_session")
    assert session["key"] == "ix_event_session_parent_sort", plan
    assert session["r_rows"] <= 60, plan
    assert "filesort" not in plan, plan


def test_a_first_page_of_an_account_list_reads_one_page(sql, registry, seeded):
    statement, query = page(registry, "event", {"limit": 50}, nested=False)
    accesses, plan = analyze(sql, statement, {"account": seeded["account"], **query.params})
    assert access(accesses, "ix_event_")["key"] == "ix_event_sort" and "filesort" not in plan, plan


def test_a_search_on_an_indexed_field_uses_its_index(sql, registry, seeded):
    body = {"where": {"field": "code", "op": "in", "value": ["c3", "c13", "c23"]}}
    statement, query = page(registry, "event_session", body, nested=True)
    accesses, plan = analyze(sql, statement, {"account": seeded["account"], "parent": seeded["event"], **query.params})
    session = access(accesses, "ix_event_session")
    assert session["key"] == "uq_event_session_event_code" and session["r_rows"] <= 3, plan


def test_has_is_an_index_lookup_per_parent(sql, registry, seeded):
    body = {"where": {"has": {"type": "event_session", "where": {"field": "code", "op": "eq", "value": "c3"}}}}
    statement, query = page(registry, "event", body, nested=False)
    accesses, plan = analyze(sql, statement, {"account": seeded["account"], **query.params})
    session = access(accesses, "ix_event_session")
    assert session["access_type"] in ("ref", "eq_ref", "const") and session["r_rows"] <= 2, plan
    assert all(a.get("access_type") != "ALL" for a in accesses), plan
    rows = run(sql, statement, {"account": seeded["account"], **query.params})
    assert len(rows) == 1  # one event has session c3; its duplicates would show here
