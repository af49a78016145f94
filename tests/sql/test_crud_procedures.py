"""crud_insert / crud_update / crud_delete called directly: nested creates for every parent/child
pair, reference resolution inside the tenant, and bad input that changes nothing."""

import json

import pymysql
import pytest

from api import search

from tests.samples import PAIRS, PARENT, RENAME, SIBLINGS, SOFT_DELETE, TENANT_TYPES, body
from tests.sql.conftest import refused, signalled


@pytest.mark.parametrize("parent_type,child_type", PAIRS)
def test_nested_create_read_update_delete(alpha, parent_type, child_type):
    parent = alpha.make(parent_type)["id_random"]
    child = alpha.make(child_type, parent)
    assert child[f"{parent_type}_id_random"] == parent
    assert alpha.rows(child_type, **{f"{parent_type}_id_random": parent}) == [child]
    field, value = RENAME[child_type]
    changed = alpha.update(child_type, child["id_random"], {field: value}, parent)
    assert changed[field] == value
    alpha.delete(child_type, child["id_random"], parent)
    remaining = alpha.rows(child_type, id_random=child["id_random"])
    if child_type in SOFT_DELETE:
        assert remaining[0]["deleted_on"] is not None
    else:
        assert remaining == []
    assert refused(alpha.update, child_type, child["id_random"], {field: value}, parent)[0] == 31404


@pytest.mark.parametrize("parent_type,child_type", PAIRS)
def test_child_of_another_parent_is_not_found_under_this_one(alpha, parent_type, child_type):
    child = alpha.make(child_type)
    other_parent = alpha.make(parent_type)["id_random"]
    field, value = RENAME[child_type]
    assert refused(alpha.update, child_type, child["id_random"], {field: value}, other_parent)[0] == 31404
    assert refused(alpha.delete, child_type, child["id_random"], other_parent)[0] == 31404
    assert alpha.rows(child_type, id_random=child["id_random"]) == [child]


def test_top_level_create_of_a_child_takes_its_parent_from_the_body(alpha):
    event = alpha.make("event")["id_random"]
    session = alpha.insert("event_session", None, {"name": "Keynote", "event_id_random": event})
    assert session["event_id_random"] == event
    assert refused(alpha.insert, "event_session", None, {"name": "Orphan"}) == (31422, "event_id_random: is required")


def test_a_body_parent_that_disagrees_with_the_url_is_refused(alpha):
    event, other = alpha.make("event")["id_random"], alpha.make("event")["id_random"]
    errno, message = refused(alpha.insert, "event_session", event, {"name": "S", "event_id_random": other})
    assert errno == 31422 and message.startswith("event_id_random: does not match")


def test_a_url_parent_of_another_account_is_not_found(alpha, beta):
    event = beta.make("event")["id_random"]
    assert refused(alpha.insert, "event_session", event, {"name": "S"}) == (
        31404, "event: no event with this id in your account")


@pytest.mark.parametrize("kind,field,referenced", SIBLINGS)
def test_sibling_references_resolve_inside_the_same_parent(alpha, beta, kind, field, referenced):
    event = alpha.make("event")["id_random"]
    sibling = alpha.make(referenced, event)["id_random"]
    created = alpha.make(kind, event, **{field: sibling})
    assert created[field] == sibling
    other_event_sibling = alpha.make(referenced)["id_random"]
    other_account_sibling = beta.make(referenced)["id_random"]
    for stranger in (other_event_sibling, other_account_sibling, "nosuchthing"):
        errno, message = refused(alpha.update, kind, created["id_random"], {field: stranger})
        assert errno == 31422 and message.startswith(f"{field}: no {referenced} with this id in this event")
    assert alpha.rows(kind, id_random=created["id_random"])[0][field] == sibling


@pytest.mark.parametrize("kind", ["contact", "address", "data_store"])
def test_polymorphic_owner_resolves_inside_the_account(alpha, beta, kind):
    event = alpha.make("event")["id_random"]
    owned = alpha.make(kind, for_type="event", for_id_random=event)
    assert (owned["for_type"], owned["for_id_random"]) == ("event", event)
    strangers_person = beta.make("person")["id_random"]
    errno, message = refused(alpha.make, kind, None, for_type="person", for_id_random=strangers_person)
    assert (errno, message) == (31422, "for_id_random: no person with this id in your account")
    assert refused(alpha.make, kind, None, for_type="bogus", for_id_random=event)[0] == 31422


def test_deleting_an_object_deletes_what_belongs_to_it(alpha):
    person = alpha.make("person")["id_random"]
    contact = alpha.make("contact", for_type="person", for_id_random=person)["id_random"]
    alpha.delete("person", person)
    assert alpha.rows("contact", id_random=contact) == []


def test_deleting_a_parent_deletes_its_children(alpha):
    session = alpha.make("event_session")
    alpha.delete("event", session["event_id_random"])
    assert alpha.rows("event_session", id_random=session["id_random"]) == []


@pytest.mark.parametrize("kind", TENANT_TYPES)
def test_another_account_cannot_reach_an_object(alpha, beta, kind):
    mine = alpha.make(kind)
    field, value = RENAME[kind]
    assert refused(beta.update, kind, mine["id_random"], {field: value})[0] == 31404
    assert refused(beta.delete, kind, mine["id_random"])[0] == 31404
    assert beta.rows(kind, id_random=mine["id_random"]) == []
    assert alpha.rows(kind, id_random=mine["id_random"]) == [mine]


BAD_BODIES = [
    ({"name": "x", "id": 3}, 31422, "id"),
    ({"name": "x", "site_id": 3}, 31422, "site_id"),
    ({"name": "x", "bogus": 1}, 31422, "bogus"),
    ({"name": "x", "created_on": "2026-01-01"}, 31422, "created_on"),
    ({"name": "x", "account_id_random": "aaaaaaaaaaa"}, 31422, "account_id_random"),
    ({"name": "x" * 201}, 1406, "name"),
    ({"name": "x", "sort": "abc"}, 31422, "sort: must be a whole number"),
    ({"name": "x", "sort": 1.5}, 31422, "sort: must be a whole number"),
    ({"name": "x", "sort": "2"}, 31422, "sort: must be a whole number"),
    ({"name": "x", "time_zone": "Mars/Olympus"}, 31422, "time_zone: not a known time zone"),
    ({"name": "x", "start_on": "0000-00-00T00:00:00Z"}, 1292, "start_on"),
    ({"name": "x", "start_on": "2026-02-30T10:00:00+01:00"}, 1292, "start_on"),
    ({"name": "x", "start_on": "yesterday"}, 1292, "start_on"),
    ({"name": {"nested": 1}}, 31422, "name"),
    ({"code": "no-name"}, 31422, "name: is required"),
    ({"name": None}, 1048, "name"),
    ({"name": "   "}, 4025, "name"),
    ({"name": "x", "start_on": "2026-05-02T00:00:00Z", "end_on": "2026-05-01T00:00:00Z"}, 4025, "end_on"),
    ({"name": "x", "site_id_random": "aaaaaaaaaaa"}, 31422, "site_id_random"),
    ({"name": "x", "Name": "y"}, 31422, "body"),
]


@pytest.mark.parametrize("data,errno,field", BAD_BODIES, ids=[case[2] + str(case[1]) for case in BAD_BODIES])
def test_bad_event_bodies_are_refused_and_change_nothing(alpha, query, data, errno, field):
    before = query("SELECT COUNT(*) AS n FROM event")[0]["n"]
    with pytest.raises(pymysql.err.MySQLError) as excinfo:
        alpha.insert("event", None, data)
    got, message = signalled(excinfo)
    assert got == errno
    assert field in message
    assert query("SELECT COUNT(*) AS n FROM event")[0]["n"] == before


def test_a_duplicate_code_is_refused_naming_the_existing_object(alpha):
    first = alpha.insert("event", None, {"name": "One", "code": "dup"})
    assert refused(alpha.insert, "event", None, {"name": "Two", "code": "dup"}) == (
        31409, f"code: already exists as {first['id_random']}")
    child = alpha.insert("event_track", first["id_random"], {"name": "T", "code": "t1"})
    assert refused(alpha.insert, "event_track", first["id_random"], {"name": "U", "code": "t1"}) == (
        31409, f"code: already exists as {child['id_random']}")


def test_a_body_must_be_a_json_object(alpha):
    assert refused(alpha.insert, "event", None, [1, 2]) == (31422, "body: must be a JSON object")


def test_unknown_type_is_not_found(alpha, call):
    assert refused(call, "crud_insert", "nosuchtype", alpha.account, None, "{}") == (
        31404, "type: not a registered object type")


def test_datetimes_with_an_offset_are_stored_in_utc(alpha):
    event = alpha.insert("event", None, {
        "name": "Offsets", "start_on": "2026-05-01T09:00:00+02:00", "end_on": "2026-05-01T12:30:00-0500",
    })
    assert str(event["start_on"]) == "2026-05-01 07:00:00"
    assert str(event["end_on"]) == "2026-05-01 17:30:00"
    assert str(alpha.update("event", event["id_random"], {"end_on": "2026-05-02T08:00:00Z"})["end_on"]) == (
        "2026-05-02 08:00:00")


def test_offsets_beyond_thirteen_hours_are_converted_like_any_other(alpha):
    kiritimati = alpha.insert("event", None, {"name": "Line Islands", "start_on": "2026-05-01T09:00:00+14:00",
                                              "end_on": "2026-05-01T10:00:00-12:00"})
    assert (str(kiritimati["start_on"]), str(kiritimati["end_on"])) == ("2026-04-30 19:00:00", "2026-05-01 22:00:00")
    assert refused(alpha.insert, "event", None, {"name": "x", "start_on": "2026-05-01T09:00:00+24:00"})[0] == 1292


def test_json_fields_take_objects_and_booleans_become_flags(alpha):
    event = alpha.insert("event", None, {"name": "J", "cfg_json": {"a": [1, 2]}, "hide": True, "enable": False})
    assert json.loads(event["cfg_json"]) == {"a": [1, 2]}
    assert (event["hide"], event["enable"]) == (1, 0)


def test_update_with_an_empty_body_changes_nothing(alpha):
    event = alpha.make("event")
    assert alpha.update("event", event["id_random"], {}) == event


def test_accounts_cannot_be_created_or_deleted_through_crud(query):
    procedures = query("SELECT insert_procedure, delete_procedure FROM crud_type WHERE name = 'account'")[0]
    assert procedures == {"insert_procedure": None, "delete_procedure": None}


# The plans of lists and searches are checked on 50,000 rows in test_search_plans.py.
def explain(sql, statement, values):
    with sql.cursor() as cursor:
        cursor.execute("EXPLAIN " + statement, values)
        rows = {}
        for row in cursor.fetchall():  # the main query's tables come first; subqueries reuse aliases
            rows.setdefault(row["table"], row)
        return rows


def test_the_apis_single_object_read_uses_the_unique_id(alpha, sql, registry):
    session = alpha.make("event_session")
    kind = registry.get("event_session")
    rows = explain(sql, search.Sql(search.Query(kind, kind.default), registry.get("event")).one(),
                   {"account": alpha.account, "parent": session["event_id_random"], "id": session["id_random"]})
    assert rows["t"]["type"] == "const" and rows["t"]["key"] == "uq_event_session_id_random"


def test_a_conflict_on_a_global_key_never_names_another_tenants_object(alpha, beta):
    theirs = beta.make("site_domain")
    site = alpha.make("site")["id_random"]
    errno, message = refused(alpha.insert, "site_domain", site, {"domain": theirs["domain"], "access_key": "k"})
    assert (errno, message) == (31409, "domain: already exists (in another account)")
    assert theirs["id_random"] not in message


def test_data_store_codes_are_unique_per_account_not_per_object(alpha, beta, call):
    email = f"both-{body('journal')['code']}@example.test"
    user = call("user_create", email, "Both", None, 0, alpha.account_id_random, "read")[0]["id_random"]
    call("account_user_set", beta.account_id_random, user, "read")
    ours = alpha.insert("data_store", None, {"for_type": "user", "for_id_random": user, "code": "prefs"})
    theirs = beta.insert("data_store", None, {"for_type": "user", "for_id_random": user, "code": "prefs"})
    assert ours["id_random"] != theirs["id_random"]
    assert refused(alpha.insert, "data_store", None, {"for_type": "user", "for_id_random": user, "code": "prefs"}) == (
        31409, f"code: already exists as {ours['id_random']}")
