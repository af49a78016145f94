"""Writes are all or nothing: every way a write procedure can fail leaves every table as it was,
including failures after the procedure has already written something."""

import json
import re

import pymysql
import pytest

from api.db import connect_sync
from api.migrate import DB_ROOT
from tests.sql.conftest import signalled

# Procedures that write but are not entry points: they run inside their caller's transaction.
INNER = {"crud_execute", "crud_value", "crud_conflict", "lookup_override_write"}
# Single statements: atomic by themselves.
SINGLE_STATEMENT = {"api_key_touch", "user_login_record"}
WRITES = re.compile(r"\b(INSERT\s+INTO|UPDATE\s+\w|DELETE\s+FROM|START\s+TRANSACTION)\b", re.I)


def snapshot(query):
    tables = [row["t"] for row in query(
        "SELECT table_name AS t FROM information_schema.tables"
        " WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name")]
    return {row["Table"]: row["Checksum"] for row in query("CHECKSUM TABLE " + ", ".join(f"`{t}`" for t in tables))}


def body(**fields):
    return json.dumps(fields)


# (procedure, case, errno, arguments built from two tenants a and b). Every SIGNAL a write
# procedure (and the helpers it calls) can raise, and the database errors its statements meet.
CASES = [
    ("crud_insert", "unknown type", 31404, lambda a, b: ("nosuch", a.account, None, "{}")),
    ("crud_insert", "parent for a top-level type", 31404, lambda a, b: ("event", a.account, "AAAAAAAAAAA", "{}")),
    ("crud_insert", "body not an object", 31422, lambda a, b: ("event", a.account, None, "[1]")),
    ("crud_insert", "URL parent not found", 31404, lambda a, b: ("event_track", a.account, "AAAAAAAAAAA", "{}")),
    ("crud_insert", "URL parent of another tenant", 31404,
     lambda a, b: ("event_track", a.account, b.make("event")["id_random"], body(name="T"))),
    ("crud_insert", "parent missing from the body", 31422, lambda a, b: ("event_track", a.account, None, "{}")),
    ("crud_insert", "parent in the body not found", 31422,
     lambda a, b: ("event_track", a.account, None, body(event_id_random="abcdéfg0001"))),
    ("crud_insert", "parent field that does not match the URL", 31422,
     lambda a, b: ("event_track", a.account, a.make("event")["id_random"], body(event_id_random="AAAAAAAAAAA"))),
    ("crud_insert", "field name that is not a name", 31422, lambda a, b: ("event", a.account, None, body(Name="x"))),
    ("crud_insert", "integer id", 31422, lambda a, b: ("event", a.account, None, body(name="x", site_id=1))),
    ("crud_insert", "read-only field", 31422, lambda a, b: ("event", a.account, None, body(name="x", created_on="x"))),
    ("crud_insert", "unknown field", 31422, lambda a, b: ("event", a.account, None, body(name="x", colour="red"))),
    ("crud_insert", "for_type without for_id_random", 31422,
     lambda a, b: ("contact", a.account, None, body(for_type="person", value="v"))),
    ("crud_insert", "for_type that is no type", 31422,
     lambda a, b: ("contact", a.account, None, body(for_type="nosuch", for_id_random="AAAAAAAAAAA", value="v"))),
    ("crud_insert", "for_id_random of another tenant", 31422,
     lambda a, b: ("contact", a.account, None, body(for_type="person", for_id_random=b.make("person")["id_random"],
                                                     value="v"))),
    ("crud_insert", "reference not found", 31422,
     lambda a, b: ("event", a.account, None, body(name="x", site_id_random="AAAAAAAAAAA"))),
    ("crud_insert", "object where a value goes", 31422, lambda a, b: ("event", a.account, None, body(name={"a": 1}))),
    ("crud_insert", "fraction for a whole number", 31422, lambda a, b: ("event", a.account, None, body(name="x", sort=1.5))),
    ("crud_insert", "unknown time zone", 31422,
     lambda a, b: ("event", a.account, None, body(name="x", time_zone="Mars/Olympus"))),
    ("crud_insert", "text for a number", 31422,
     lambda a, b: ("spirit_event", a.account, a.make("spirit")["id_random"], body(event_type="m", importance_score="0.5"))),
    ("crud_insert", "too long", 1406, lambda a, b: ("event", a.account, None, body(name="x" * 201))),
    ("crud_insert", "not a date", 1292, lambda a, b: ("event", a.account, None, body(name="x", start_on="soon"))),
    ("crud_insert", "zero date", 1292, lambda a, b: ("event", a.account, None, body(name="x", start_on="0000-00-00"))),
    ("crud_insert", "null for a required field", 1048, lambda a, b: ("event", a.account, None, body(name=None))),
    ("crud_insert", "missing required field", 31422, lambda a, b: ("event", a.account, None, body(code="c"))),
    ("crud_insert", "check constraint", 4025, lambda a, b: ("event", a.account, None, body(name=" "))),
    ("crud_insert", "value outside an enum", 31422,
     lambda a, b: ("contact", a.account, None, body(for_type="person", for_id_random=a.make("person")["id_random"],
                                                     value="v", kind="pigeon"))),
    ("crud_insert", "duplicate", 31409,
     lambda a, b: ("event", a.account, None, body(name="x", code=a.make("event")["code"]))),
    ("crud_update", "unknown type", 31404, lambda a, b: ("nosuch", a.account, None, "AAAAAAAAAAA", "{}")),
    ("crud_update", "body not an object", 31422, lambda a, b: ("event", a.account, None, "AAAAAAAAAAA", "1")),
    ("crud_update", "not found", 31404, lambda a, b: ("event", a.account, None, "AAAAAAAAAAA", body(name="x"))),
    ("crud_update", "another tenant's object", 31404,
     lambda a, b: ("event", a.account, None, b.make("event")["id_random"], body(name="x"))),
    ("crud_update", "under another parent", 31404,
     lambda a, b: ("event_track", a.account, a.make("event")["id_random"], a.make("event_track")["id_random"],
                   body(name="x"))),
    ("crud_update", "moving to another parent", 31422,
     lambda a, b: ("event_track", a.account, None, a.make("event_track")["id_random"],
                   body(event_id_random=a.make("event")["id_random"]))),
    ("crud_update", "check constraint after a change", 4025,
     lambda a, b: ("event", a.account, None, a.make("event")["id_random"], body(description="changed", name=" "))),
    ("crud_update", "too long after a change", 1406,
     lambda a, b: ("event", a.account, None, a.make("event")["id_random"], body(description="changed", name="x" * 201))),
    ("crud_update", "reference of another tenant", 31422,
     lambda a, b: ("event", a.account, None, a.make("event")["id_random"],
                   body(site_id_random=b.make("site")["id_random"]))),
    ("crud_delete", "unknown type", 31404, lambda a, b: ("nosuch", a.account, None, "AAAAAAAAAAA")),
    ("crud_delete", "not found", 31404, lambda a, b: ("event", a.account, None, "AAAAAAAAAAA")),
    ("crud_delete", "another tenant's object", 31404, lambda a, b: ("event", a.account, None, b.make("event")["id_random"])),
    ("crud_restore", "type without soft delete", 31405, lambda a, b: ("event", a.account, None, "AAAAAAAAAAA")),
    ("crud_restore", "not found", 31404, lambda a, b: ("spirit", a.account, None, "AAAAAAAAAAA")),
    ("lookup_override_set", "unknown lookup type", 31404, lambda a, b: ("nosuch", a.account, "NZ", "{}")),
    ("lookup_override_set", "body not an object", 31422, lambda a, b: ("country", a.account, "NZ", "[]")),
    ("lookup_override_set", "unknown field", 31422, lambda a, b: ("country", a.account, "NZ", body(colour="red"))),
    ("lookup_override_set", "empty group", 31422, lambda a, b: ("country", a.account, " ", "{}")),
    ("lookup_override_set", "long group", 31422, lambda a, b: ("country", a.account, "G" * 101, "{}")),
    ("lookup_override_set", "half an object", 31422, lambda a, b: ("country", a.account, "NZ", body(for_type="event"))),
    ("lookup_override_set", "object type unknown", 31422,
     lambda a, b: ("country", a.account, "NZ", body(for_type="nosuch", for_id_random="AAAAAAAAAAA"))),
    ("lookup_override_set", "object of another tenant", 31422,
     lambda a, b: ("country", a.account, "NZ", body(for_type="event", for_id_random=b.make("event")["id_random"]))),
    ("lookup_override_set", "long name", 31422, lambda a, b: ("country", a.account, "NZ", body(name="n" * 201))),
    ("lookup_override_set", "fraction sort", 31422, lambda a, b: ("country", a.account, "NZ", body(sort=1.5))),
    ("lookup_override_set", "enable not a flag", 31422, lambda a, b: ("country", a.account, "NZ", body(enable=3))),
    ("lookup_override_set", "hide not a flag", 31422, lambda a, b: ("country", a.account, "NZ", body(hide=3))),
    ("lookup_override_set", "new group without a name", 31422, lambda a, b: ("country", a.account, "ZZ-new", "{}")),
    ("lookup_override_delete", "unknown lookup type", 31404, lambda a, b: ("nosuch", a.account, "NZ", None, None)),
    ("lookup_override_delete", "object not found", 31404,
     lambda a, b: ("country", a.account, "NZ", "event", "AAAAAAAAAAA")),
    ("lookup_override_delete", "no override", 31404, lambda a, b: ("country", a.account, "NZ", None, None)),
    ("lookup_override_batch", "unknown lookup type", 31404, lambda a, b: ("nosuch", a.account, "[]")),
    ("lookup_override_batch", "not a list", 31422, lambda a, b: ("country", a.account, "{}")),
    ("lookup_override_batch", "item not an object", 31422, lambda a, b: ("country", a.account, '[{"group": "FR"}, 1]')),
    ("lookup_override_batch", "third item refused after two written", 31422,
     lambda a, b: ("country", a.account, json.dumps([{"group": "FR", "name": "F"}, {"group": "DE", "sort": 3},
                                                     {"group": "IT", "hide": 9}]))),
    ("account_create", "empty name", 31422, lambda a, b: (" ", None)),
    ("account_create", "duplicate code", 31409,
     lambda a, b: ("Copy", a.query("SELECT code FROM account WHERE id = %s", a.account)[0]["code"] or "x")),
    ("api_key_create", "unknown account", 31404, lambda a, b: ("AAAAAAAAAAA", "read", None, "h" * 64, "ae_x")),
    ("api_key_create", "role outside the enum", 1265, lambda a, b: (a.account_id_random, "root", None, "h" * 64, "ae_x")),
    ("api_key_revoke", "unknown key", 31404, lambda a, b: (None, "AAAAAAAAAAA")),
    ("event_file_upload", "event of another tenant", 31404, lambda a, b: file_upload(a, b.make("event")["id_random"])),
    ("event_file_upload", "session of another event", 31422,
     lambda a, b: file_upload(a, a.make("event")["id_random"], session=a.make("event_session")["id_random"])),
    ("event_file_upload", "unknown purpose", 31422, lambda a, b: file_upload(a, purpose="nonsense")),
    ("event_file_upload", "filename that is a path", 4025, lambda a, b: file_upload(a, filename="../x")),
    ("event_file_upload", "hash that is no SHA-256", 4025, lambda a, b: file_upload(a, digest="ABC")),
    ("event_file_upload", "mime type that is none", 4025, lambda a, b: file_upload(a, mime_type="pdf")),
    ("event_file_upload", "name too long", 1406, lambda a, b: file_upload(a, name="n" * 201)),
    ("event_registration_sync", "event of another tenant", 31404, lambda a, b: ticket_sync(a, event=event_id(b))),
    ("event_registration_sync", "source that is no word", 31422, lambda a, b: ticket_sync(a, source="Zoom ")),
    ("event_registration_sync", "ticket id that is not ASCII", 31422, lambda a, b: ticket_sync(a, ticket="tické")),
    ("event_registration_sync", "status outside the list", 31422, lambda a, b: ticket_sync(a, status="paused")),
    ("event_registration_sync", "email that is none", 31422, lambda a, b: ticket_sync(a, email="nobody")),
    ("event_registration_sync", "new registration without an email", 31422, lambda a, b: ticket_sync(a, email=None)),
    ("event_registration_sync", "name too long for a new person", 1406, lambda a, b: ticket_sync(a, given="g" * 101)),
    ("event_registration_sync", "name too long for the known person", 1406,
     lambda a, b: ticket_sync(a, event=synced_event(a), family="f" * 101)),
    ("hosted_file_derive", "source of another tenant", 31404,
     lambda a, b: (a.account, b.call("event_file_upload", *file_upload(b))[0]["hosted_file_id_random"], "b" * 64, 1,
                   "video/mp4", "x.mp4", None, None)),
    ("hosted_file_derive", "hash that is no SHA-256", 4025,
     lambda a, b: (a.account, a.call("event_file_upload", *file_upload(a))[0]["hosted_file_id_random"], "x", 1,
                   "video/mp4", "x.mp4", None, None)),
    ("job_create", "parameters that are not JSON", 4025, lambda a, b: (a.account, "convert", "{")),
    ("job_start", "attempts out of range", 1264, lambda a, b: (new_job(a), "w", -1)),
    ("job_progress", "progress out of range", 1264, lambda a, b: (started_job(a), "w", 300)),
    ("job_finish", "status outside the list", 1265, lambda a, b: (started_job(a), "w", "done", None, None)),
    ("sync_run_start", "kind outside the list", 1265, lambda a, b: (a.account, None, "ftp", 0)),
    ("sync_run_finish", "status outside the list", 1265,
     lambda a, b: (a.call("sync_run_start", a.account, None, "mailman", 0)[0]["id_random"], "done", None, None)),
    ("job_cancel", "not found", 31404, lambda a, b: (a.account, "AAAAAAAAAAA")),
    ("job_cancel", "another tenant's job", 31404, lambda a, b: (a.account, new_job(b))),
    ("job_cancel", "ended", 31409, lambda a, b: (a.account, ended_job(a))),
    ("hosted_file_delete", "not found", 31404, lambda a, b: ("hosted_file", a.account, None, "AAAAAAAAAAA")),
    ("hosted_file_delete", "another tenant's file", 31404,
     lambda a, b: ("hosted_file", a.account, None, b.call("event_file_upload", *file_upload(b))[0]["hosted_file_id_random"])),
]


def new_job(tenant):
    return tenant.call("job_create", tenant.account, "convert", '{"target": "pdf"}')[0]["id_random"]


def started_job(tenant):
    id_random = new_job(tenant)
    tenant.call("job_start", id_random, "w", 5)
    return id_random


def ended_job(tenant):
    id_random = started_job(tenant)
    tenant.call("job_finish", id_random, "w", "failed", None, "broke")
    return id_random


def event_id(tenant):
    """The internal id of a new event of the tenant."""
    id_random = tenant.make("event")["id_random"]
    return tenant.query("SELECT id FROM event WHERE id_random = %s", id_random)[0]["id"]


def ticket_sync(tenant, event=None, source="zoom", ticket="tk_1", email="jill@example.test", given="Jill",
                family="Chill", status="active"):
    """The arguments of event_registration_sync."""
    return (tenant.account, event or event_id(tenant), source, ticket, email, None, given, family, status, None, 0)


def synced_event(tenant):
    """An event holding ticket tk_1 of jill@example.test, synced already."""
    event = event_id(tenant)
    tenant.call("event_registration_sync", *ticket_sync(tenant, event))
    return event


def file_upload(tenant, event=None, session=None, purpose="slides", filename="f.pdf", digest="a" * 64,
                mime_type="application/pdf", name=None):
    """The arguments of event_file_upload."""
    return (tenant.account, event or tenant.make("event")["id_random"], session, None, None,
            purpose, name, digest, 10, mime_type, filename)


@pytest.mark.parametrize("procedure,case,errno,arguments", CASES, ids=[f"{p}: {c}" for p, c, _, _ in CASES])
def test_a_failed_write_changes_no_table(alpha, beta, call, query, procedure, case, errno, arguments):
    if case == "duplicate code":
        query("UPDATE account SET code = %s WHERE id = %s", f"code-{alpha.account}", alpha.account)
    args = arguments(alpha, beta)
    before = snapshot(query)
    with pytest.raises(pymysql.err.MySQLError) as raised:
        call(procedure, *args)
    assert signalled(raised)[0] == errno
    assert snapshot(query) == before
    assert query("SELECT @@in_transaction AS t")[0]["t"] == 0


def test_every_write_procedure_has_its_failures_listed():
    listed = {procedure for procedure, *_ in CASES}
    writers = {path.stem for path in (DB_ROOT / "procedures").glob("*.sql") if WRITES.search(path.read_text())}
    assert writers - INNER - SINGLE_STATEMENT <= listed | people_procedures()


def people_procedures():
    """Membership and invitation procedures: their failures are listed in test_people_procedures.py."""
    return {path.stem for path in (DB_ROOT / "procedures").glob("user_*.sql")} | {"account_user_set"}


def test_a_delete_that_fails_after_removing_rows_puts_every_row_back(db_url, alpha, query):
    """crud_delete removes the descendants' contacts, data stores and lookup overrides, then the
    object; a lock held elsewhere on the last of them makes it fail half way: nothing is lost."""
    event = alpha.make("event")["id_random"]
    session = alpha.make("event_session", event)["id_random"]
    for kind in ("contact", "address", "data_store"):
        alpha.make(kind, for_type="event_session", for_id_random=session)
    alpha.call("lookup_override_set", "time_zone", alpha.account, "Europe/Paris",
               body(name="Paris", for_type="event_session", for_id_random=session))
    before = snapshot(query)
    query("SET SESSION innodb_lock_wait_timeout = 1")
    with connect_sync(db_url) as holder, holder.cursor() as cursor:
        cursor.execute("START TRANSACTION")
        cursor.execute("SELECT id FROM lu_v3_time_zone WHERE for_type = 'event_session' FOR UPDATE")
        with pytest.raises(pymysql.err.MySQLError) as raised:
            alpha.delete("event", event)
        cursor.execute("ROLLBACK")
    assert signalled(raised)[0] == 1205
    assert snapshot(query) == before
    alpha.delete("event", event)
    assert alpha.rows("event_session", id_random=session) == []
