"""A pooled connection serves one tenant's call, then another's. No procedure may leave state on
it that a later call reads: session variables, an open transaction, a row of another account."""

import json
import re
import threading
from pathlib import Path

import pymysql
import pytest

from api.db import connect_sync
from api.migrate import DB_ROOT

# The procedures that own the session variables dynamic SQL needs; they set and clear them.
VARIABLE_OWNERS = {"crud_execute.sql", "crud_value.sql", "crud_dispatch.sql"}
STRING_LITERAL = re.compile(r"'(?:[^']|'')*'")
SESSION_VARIABLE = re.compile(r"(?<![@\w])@[A-Za-z_]\w*")


def session_variables(sql_text):
    code = "\n".join(line.split("--", 1)[0] for line in sql_text.splitlines())
    return set(SESSION_VARIABLE.findall(STRING_LITERAL.sub("''", code)))


def test_only_the_dynamic_sql_runners_touch_session_variables():
    users = {path.name: session_variables(path.read_text()) for path in (DB_ROOT / "procedures").glob("*.sql")}
    assert {name for name, found in users.items() if found} == VARIABLE_OWNERS
    assert users["crud_execute.sql"] == {"@crud_1", "@crud_2", "@crud_3"}
    assert users["crud_value.sql"] == {"@crud_value"}
    assert users["crud_dispatch.sql"] == {"@crud_dispatch_1", "@crud_dispatch_2", "@crud_dispatch_3"}


def test_the_session_variable_scan_sees_variables_and_ignores_strings_and_comments():
    assert session_variables("SET @lu_id = 1; -- @comment\nSELECT '@literal', @@in_transaction") == {"@lu_id"}


def leftovers(query):
    variables = query("SELECT VARIABLE_NAME AS name FROM information_schema.USER_VARIABLES"
                      " WHERE VARIABLE_VALUE IS NOT NULL")
    return {row["name"] for row in variables}, query("SELECT @@in_transaction AS t")[0]["t"]


def calls(alpha, beta):
    """(label, callable) pairs: successes and every kind of failure, for both tenants."""
    event = alpha.make("event")["id_random"]
    person = beta.make("person")["id_random"]
    spirit = alpha.make("spirit")["id_random"]
    return [
        ("insert", lambda: alpha.insert("event_session", event, {"name": "Keynote"})),
        ("insert refused", lambda: alpha.insert("event_session", event, {"name": "x", "sort": 1.5})),
        ("insert duplicate", lambda: [alpha.insert("event_track", event, {"name": "T", "code": "dup"})
                                      for _ in range(2)]),
        ("insert check", lambda: alpha.insert("spirit_event", spirit, {"event_type": " "})),
        ("reference of another tenant", lambda: alpha.insert("contact", None, {
            "for_type": "person", "for_id_random": person, "value": "x@example.test"})),
        ("update", lambda: beta.update("person", person, {"name": "Renamed"})),
        ("update of another tenant", lambda: alpha.update("person", person, {"name": "Mine"})),
        ("update check", lambda: alpha.update("spirit", spirit, {"name": " "})),
        ("delete unknown", lambda: alpha.delete("event", "AAAAAAAAAAA")),
        ("not an id", lambda: alpha.delete("event", "abcdéfg0001")),
        ("restore", lambda: alpha.call("crud_restore", "spirit", alpha.account, None, spirit)),
        ("override", lambda: alpha.call("lookup_override_set", "country", alpha.account, "NZ", '{"name": "A"}')),
        ("override refused", lambda: alpha.call("lookup_override_set", "country", alpha.account, "NZ",
                                                '{"sort": 1.5}')),
        ("override delete", lambda: beta.call("lookup_override_delete", "country", beta.account, "NZ", None, None)),
        ("batch refused", lambda: beta.call("lookup_override_batch", "country", beta.account,
                                            '[{"group": "FR", "name": "F"}, {"group": "DE", "hide": 7}]')),
        ("list", lambda: alpha.call("lookup_list", "country_subdivision", alpha.account, "event", event,
                                    '{"country_code": "NZ"}', "a", "[0, \"A\", \"NZ-A\"]", 5, 0, 0)),
        ("list refused", lambda: alpha.call("lookup_list", "country", alpha.account, None, None,
                                            '{"country_code": "NZ"}', None, None, None, 0, 0)),
        ("resolve", lambda: alpha.call("lookup_resolve", "country", alpha.account, "event", event, "nz")),
    ]


def test_no_call_leaves_a_session_variable_or_a_transaction_behind(alpha, beta, query):
    for label, run in calls(alpha, beta):
        try:
            run()
        except pymysql.err.MySQLError:
            pass
        assert leftovers(query) == (set(), 0), label


def override_of(tenant, answer):
    """The account that holds the lookup row an override's answer shows."""
    row = tenant.query("SELECT a.id_random FROM lu_v3_country AS l INNER JOIN account AS a ON l.account_id = a.id"
                       " WHERE l.id_random = %s", answer["id_random"])
    return row[0]["id_random"] if row else None


def test_two_tenants_interleaved_on_one_connection_only_see_their_own_rows(alpha, beta):
    def own(tenant, rows):
        assert rows and all(row["account_id_random"] == tenant.account_id_random for row in rows)

    def own_override(tenant, rows, name):
        assert [(row["name"], row["level"]) for row in rows] == [(name, "account")]
        assert override_of(tenant, rows[0]) == tenant.account_id_random

    for _ in range(3):
        own_override(beta, beta.call("lookup_override_set", "country", beta.account, "NZ", '{"name": "Beta land"}'),
                     "Beta land")
        assert pytest.raises(pymysql.err.MySQLError, alpha.call, "lookup_override_delete", "country",
                             alpha.account, "NZ", None, None).value.args[0] == 31404
        own_override(alpha, alpha.call("lookup_override_set", "country", alpha.account, "NZ",
                                       '{"name": "Alpha land"}'), "Alpha land")
        own(alpha, [alpha.make("event")])
        b_event = beta.make("event")
        assert pytest.raises(pymysql.err.MySQLError, alpha.update, "event", b_event["id_random"],
                             {"name": "Stolen"}).value.args[0] == 31404
        own(alpha, [alpha.make("event_session")])
        alpha.call("lookup_override_delete", "country", alpha.account, "NZ", None, None)
    assert beta.rows("event", id_random=b_event["id_random"])[0]["name"] == b_event["name"]


def test_an_override_raced_by_its_delete_answers_its_own_row_or_a_clean_error(db_url, alpha, beta):
    """The vanished-row path: A writes an override while another connection deletes it, on a
    connection that just served B. Every answer is A's override or a 4xx, never B's row."""
    beta.call("lookup_override_set", "country", beta.account, "NZ", '{"name": "Beta land"}')
    stop = threading.Event()

    def delete_forever():
        with connect_sync(db_url) as conn, conn.cursor() as cursor:
            while not stop.is_set():
                try:
                    cursor.execute("CALL lookup_override_delete('country', %s, 'NZ', NULL, NULL)", (alpha.account,))
                except pymysql.err.MySQLError:
                    pass

    deleter = threading.Thread(target=delete_forever)
    deleter.start()
    answers = []
    try:
        for i in range(150):
            beta.call("lookup_override_set", "country", beta.account, "NZ", json.dumps({"sort": i}))
            try:
                answers.append(alpha.call("lookup_override_set", "country", alpha.account, "NZ",
                                          json.dumps({"name": f"Alpha {i}"}))[0])
            except pymysql.err.MySQLError as exc:
                assert exc.args[0] in (31404, 31409, 1213, 1205), exc
    finally:
        stop.set()
        deleter.join()
    assert answers and all(override_of(alpha, row) in (alpha.account_id_random, None) for row in answers)
    assert all(row["name"].startswith("Alpha") and row["level"] == "account" for row in answers)
