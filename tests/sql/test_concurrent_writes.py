"""Writes racing each other on separate connections: a create that refers to an object being
deleted either commits first (and goes with it) or fails cleanly; nothing is left behind."""

import json
import threading
import time

import pymysql

from api.db import connect_sync

CLEAN_FAILURES = {31404, 31422, 1205, 1213}


def orphans(query):
    """Rows of the polymorphic tables whose object no longer exists."""
    kinds = {row["name"]: row["table_name"] for row in query("SELECT name, table_name FROM crud_type")}
    owned = [row["t"] for row in query(
        "SELECT c.table_name AS t FROM information_schema.columns AS c WHERE c.table_schema = DATABASE()"
        " AND c.column_name = 'for_type' AND c.table_name IN (SELECT table_name FROM crud_type"
        " UNION SELECT table_name FROM lu_type)")]
    found = 0
    for table in owned:
        for kind in {row["for_type"] for row in query(f"SELECT DISTINCT for_type FROM `{table}`"
                                                       " WHERE for_type IS NOT NULL")}:
            found += query(f"SELECT COUNT(*) AS n FROM `{table}` AS o WHERE o.for_type = %s AND NOT EXISTS"
                           f" (SELECT 1 FROM `{kinds[kind]}` AS x WHERE x.id = o.for_id)", kind)[0]["n"]
    return found


def wait_until(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the concurrent writers made no progress"
        time.sleep(0.01)


def run_on_own_connection(db_url, work, stop):
    """Runs work(cursor) until stop is set; answers (successes, clean failures, other errors)."""
    counts = {"ok": 0, "clean": 0, "other": []}

    def loop():
        with connect_sync(db_url) as conn, conn.cursor() as cursor:
            while not stop.is_set():
                try:
                    work(cursor)
                    counts["ok"] += 1
                except pymysql.err.MySQLError as exc:
                    if exc.args[0] in CLEAN_FAILURES:
                        counts["clean"] += 1
                    else:
                        counts["other"].append(exc)
    thread = threading.Thread(target=loop)
    thread.start()
    return thread, counts


def test_rows_created_for_descendants_while_their_ancestor_is_deleted_leave_no_orphans(db_url, alpha, query):
    before = orphans(query)
    for _ in range(4):
        event = alpha.make("event")["id_random"]
        sessions = [alpha.make("event_session", event)["id_random"] for _ in range(5)]

        def create(cursor, turn=[0]):
            turn[0] += 1
            session = sessions[turn[0] % len(sessions)]
            bodies = [("contact", {"value": f"c{turn[0]}@example.test"}), ("data_store", {"code": f"d{turn[0]}"}),
                      ("address", {"city": "Lyon"})]
            kind, fields = bodies[turn[0] % len(bodies)]
            cursor.execute("CALL crud_insert(%s, %s, NULL, %s)", (kind, alpha.account, json.dumps(
                {"for_type": "event_session", "for_id_random": session, **fields})))
            cursor.execute("CALL crud_insert('event_session', %s, %s, %s)",
                           (alpha.account, event, json.dumps({"name": f"Late {turn[0]}"})))

        stop = threading.Event()
        workers = [run_on_own_connection(db_url, create, stop) for _ in range(2)]
        wait_until(lambda: sum(counts["ok"] for _, counts in workers) >= 10)
        alpha.delete("event", event)
        wait_until(lambda: all(counts["clean"] > 0 for _, counts in workers))
        stop.set()
        for thread, counts in workers:
            thread.join()
            assert counts["other"] == [] and counts["clean"] > 0
        assert alpha.rows("event_session", event_id_random=event) == []
    assert orphans(query) == before


def test_events_written_while_their_spirit_is_soft_deleted_all_predate_the_delete(db_url, alpha, query):
    spirit = alpha.make("spirit")["id_random"]

    def record(cursor, turn=[0]):
        turn[0] += 1
        cursor.execute("CALL crud_insert('spirit_event', %s, %s, %s)",
                       (alpha.account, spirit, json.dumps({"event_type": "message", "content": f"m{turn[0]}"})))

    stop = threading.Event()
    workers = [run_on_own_connection(db_url, record, stop) for _ in range(2)]
    wait_until(lambda: sum(counts["ok"] for _, counts in workers) >= 10)
    alpha.delete("spirit", spirit)
    wait_until(lambda: all(counts["clean"] > 0 for _, counts in workers))
    stop.set()
    for thread, counts in workers:
        thread.join()
        assert counts["other"] == [] and counts["clean"] > 0
    late = query("SELECT COUNT(*) AS n FROM spirit_event AS e INNER JOIN spirit AS s ON e.spirit_id = s.id"
                 " WHERE s.id_random = %s AND e.created_on > s.deleted_on", spirit)
    assert late[0]["n"] == 0
