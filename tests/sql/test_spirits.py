"""spirit and spirit_event through the procedures: dedupe keys computed by the table, the
importance range checked by the table, soft delete and restore."""

import json
import secrets

import pymysql
import pytest

from tests.sql.conftest import refused


class Spirits:
    def __init__(self, call, query):
        self.call, self.query = call, query
        account = call("account_create", f"Spirits {secrets.token_hex(3)}", None)[0]["id_random"]
        self.account = query("SELECT id FROM account WHERE id_random = %s", account)[0]["id"]

    def spirit(self):
        return self.call("crud_insert", "spirit", self.account, None, json.dumps({"name": "Scout"}))[0]["id_random"]

    def event(self, spirit, **body):
        body = {"event_type": "message", "content": "hello", **body}
        return self.call("crud_insert", "spirit_event", self.account, spirit, json.dumps(body))[0]


@pytest.fixture()
def spirits(call, query):
    return Spirits(call, query)


def test_an_event_without_source_has_no_dedupe_key_and_may_repeat(spirits):
    spirit = spirits.spirit()
    first, second = spirits.event(spirit), spirits.event(spirit)
    assert first["dedupe_key"] is None and second["dedupe_key"] is None
    assert first["occurred_on"] is not None  # defaults to now


def test_the_same_source_twice_is_refused_naming_the_first_event(spirits):
    spirit = spirits.spirit()
    first = spirits.event(spirit, source_uri="slack://c1/m1")
    assert len(first["dedupe_key"]) == 32
    assert refused(spirits.event, spirit, source_uri="slack://c1/m1") == (
        31409, f"dedupe_key: already exists as {first['id_random']}")
    assert spirits.event(spirit, source_uri="slack://c1/m1", event_type="reaction")["dedupe_key"] != first["dedupe_key"]
    assert spirits.event(spirits.spirit(), source_uri="slack://c1/m1")["dedupe_key"] == first["dedupe_key"]


def test_the_dedupe_key_hashes_an_unambiguous_encoding(spirits, query):
    content = "x" * 150
    event = spirits.event(spirits.spirit(), source_uri="mail://42", content=content, event_type="email")
    expected = query("SELECT LEFT(SHA2(JSON_ARRAY('mail://42', %s, 'email'), 256), 32) AS k", "x" * 100)[0]["k"]
    assert event["dedupe_key"] == expected


def test_a_separator_inside_a_field_does_not_make_two_events_one(spirits):
    spirit = spirits.spirit()
    first = spirits.event(spirit, source_uri="a|b", content="c", event_type="message")
    second = spirits.event(spirit, source_uri="a", content="b|c", event_type="message")
    assert first["dedupe_key"] != second["dedupe_key"]


def test_rows_loaded_by_hand_get_the_same_protection(spirits, query):
    spirit = spirits.spirit()
    spirits.event(spirit, source_uri="file://a")
    spirit_id = query("SELECT id FROM spirit WHERE id_random = %s", spirit)[0]["id"]
    with pytest.raises(pymysql.err.IntegrityError):
        query("INSERT INTO spirit_event (account_id, spirit_id, event_type, content, source_uri)"
              " VALUES (%s, %s, 'message', 'hello', 'file://a')", spirits.account, spirit_id)
    with pytest.raises(pymysql.err.OperationalError) as excinfo:
        query("INSERT INTO spirit_event (account_id, spirit_id, event_type, content, importance_score)"
              " VALUES (%s, %s, 'message', 'hi', 1.2)", spirits.account, spirit_id)
    assert excinfo.value.args[0] == 4025


@pytest.mark.parametrize("score,errno", [(1.5, 4025), (-0.1, 4025), (12, 1264)])
def test_importance_outside_zero_to_one_is_refused(spirits, score, errno):
    assert refused(spirits.event, spirits.spirit(), importance_score=score)[0] == errno


@pytest.mark.parametrize("score", [0, 0.0, 0.25, 1, 1.0])
def test_importance_inside_the_range_is_kept(spirits, score):
    assert float(spirits.event(spirits.spirit(), importance_score=score)["importance_score"]) == score


def test_soft_delete_keeps_the_row_and_hides_it_until_restored(spirits, call, query):
    spirit = spirits.spirit()
    event = spirits.event(spirit)["id_random"]
    call("crud_delete", "spirit_event", spirits.account, spirit, event)
    assert query("SELECT deleted_on FROM spirit_event WHERE id_random = %s", event)[0]["deleted_on"] is not None
    assert refused(call, "crud_update", "spirit_event", spirits.account, None, event, "{}")[0] == 31404
    assert refused(call, "crud_delete", "spirit_event", spirits.account, None, event)[0] == 31404
    restored = call("crud_restore", "spirit_event", spirits.account, spirit, event)[0]
    assert restored["deleted_on"] is None


def test_a_deleted_spirit_takes_its_events_out_of_reach(spirits, call):
    spirit = spirits.spirit()
    event = spirits.event(spirit)["id_random"]
    call("crud_delete", "spirit", spirits.account, None, spirit)
    assert refused(spirits.event, spirit) == (31404, "spirit: no spirit with this id in your account")
    assert refused(call, "crud_update", "spirit_event", spirits.account, None, event, "{}")[0] == 31404
    assert refused(call, "crud_restore", "spirit_event", spirits.account, None, event)[0] == 31404
    call("crud_restore", "spirit", spirits.account, None, spirit)
    assert call("crud_update", "spirit_event", spirits.account, None, event, '{"meta_summary": "ok"}')[0][
        "meta_summary"] == "ok"


def test_types_without_soft_delete_cannot_be_restored(spirits, call):
    assert refused(call, "crud_restore", "journal", spirits.account, None, "aaaaaaaaaaa")[0] == 31405
