"""lookup_list ranks global defaults, account overrides and object overrides per group, inside
the caller's account only; seed-lookups is idempotent."""

import json
import secrets

import pymysql
import pytest

from api import lookup_seed
from tests.sql.conftest import signalled


class Account:
    def __init__(self, call, query):
        self.call, self.query = call, query
        self.id_random = call("account_create", f"Lookups {secrets.token_hex(3)}", None)[0]["id_random"]
        self.id = query("SELECT id FROM account WHERE id_random = %s", self.id_random)[0]["id"]

    def event(self):
        return self.call("crud_insert", "event", self.id, None, json.dumps({"name": "Expo"}))[0]["id_random"]

    def override(self, group, kind="country", **body):
        return self.call("lookup_override_set", kind, self.id, group, json.dumps(body))[0]

    def entries(self, kind="country", event=None, hidden=0, disabled=0):
        rows = self.call("lookup_list", kind, self.id, "event" if event else None, event, None, hidden, disabled)
        return {row["group"]: row for row in rows}

    def resolve(self, q, kind="country", event=None):
        rows = self.call("lookup_list", kind, self.id, "event" if event else None, event, q, 0, 0)
        return rows[0]["group"] if rows else None


@pytest.fixture()
def alpha(call, query):
    return Account(call, query)


@pytest.fixture()
def beta(call, query):
    return Account(call, query)


def test_defaults_only(alpha):
    entries = alpha.entries()
    assert len(entries) >= 249 and {row["level"] for row in entries.values()} == {"default"}
    assert entries["US"]["name"] == "United States" and entries["US"]["alpha_3_code"] == "USA"
    names = [row["name"] for row in alpha.call("lookup_list", "country", alpha.id, None, None, None, 0, 0)]
    assert names[:3] == ["Afghanistan", "\u00c5land Islands", "Albania"]  # by sort, then name (Å sorts as A)


def test_account_rename_replaces_the_default_for_that_account_only(alpha, beta):
    alpha.override("US", name="USA (ours)", sort=-1)
    us = alpha.entries()["US"]
    assert (us["name"], us["level"], us["sort"], us["alpha_3_code"]) == ("USA (ours)", "account", -1, "USA")
    first = alpha.call("lookup_list", "country", alpha.id, None, None, None, 0, 0)[0]
    assert first["group"] == "US"
    assert beta.entries()["US"]["name"] == "United States"


def test_object_rename_wins_for_that_object(alpha):
    event, other = alpha.event(), alpha.event()
    alpha.override("US", name="USA (account)")
    alpha.override("US", name="USA (event)", for_type="event", for_id_random=event)
    assert alpha.entries(event=event)["US"]["name"] == "USA (event)"
    assert alpha.entries(event=event)["US"]["level"] == "object"
    assert alpha.entries(event=other)["US"]["name"] == "USA (account)"
    assert alpha.entries()["US"]["name"] == "USA (account)"


def test_account_negative_override_hides_the_group(alpha):
    alpha.override("FR", enable=False)
    assert "FR" not in alpha.entries()
    shown = alpha.entries(disabled=1)["FR"]
    assert (shown["enable"], shown["level"], shown["name"]) == (0, "account", "France")


def test_object_negative_override_hides_the_group_for_that_object(alpha):
    event = alpha.event()
    alpha.override("DE", enable=False, for_type="event", for_id_random=event)
    assert "DE" not in alpha.entries(event=event)
    assert "DE" in alpha.entries()


def test_object_override_re_enables_a_group_the_account_disabled(alpha):
    event = alpha.event()
    alpha.override("IT", enable=False)
    alpha.override("IT", enable=True, for_type="event", for_id_random=event)
    assert "IT" not in alpha.entries()
    assert alpha.entries(event=event)["IT"]["level"] == "object"


def test_hide_needs_include_hidden(alpha):
    alpha.override("ES", hide=True)
    assert "ES" not in alpha.entries()
    assert alpha.entries(hidden=1)["ES"]["hide"] == 1


def test_whitelist_keeps_only_its_groups(alpha, call):
    call("crud_insert", "data_store", alpha.id, None, json.dumps({
        "for_type": "account", "for_id_random": alpha.id_random, "code": "lookup_whitelist",
        "data_json": {"country": ["US", "CA"]}}))
    assert set(alpha.entries()) == {"US", "CA"}
    assert len(alpha.entries(kind="time_zone")) > 100  # the whitelist names countries only
    assert alpha.resolve("France") is None and alpha.resolve("canada") == "CA"


def test_an_object_override_counts_only_inside_its_own_account(alpha, beta, query):
    event = alpha.event()
    event_id = query("SELECT id FROM event WHERE id_random = %s", event)[0]["id"]
    # A row another account holds for alpha's event, as a bug or a hand-written INSERT could leave it.
    query("INSERT INTO lu_v3_country (account_id, for_type, for_id, `group`, name) VALUES (%s, 'event', %s, 'US', 'Hijacked')",
          beta.id, event_id)
    assert alpha.entries(event=event)["US"]["name"] == "United States"
    with pytest.raises(pymysql.err.MySQLError) as excinfo:
        beta.override("US", name="Hijacked", for_type="event", for_id_random=event)
    assert signalled(excinfo)[0] == 31422


@pytest.mark.parametrize("q", ["us", "US", "usa", "840", "United States", "united states of america"])
def test_resolution_by_every_identity(alpha, q):
    assert alpha.resolve(q) == "US"


def test_resolution_follows_overrides(alpha):
    alpha.override("US", name="Merica")
    assert alpha.resolve("merica") == "US" and alpha.resolve("United States") == "US"
    alpha.override("CA", enable=False)
    assert alpha.resolve("CAN") is None and alpha.resolve("nowhere") is None


def test_a_group_without_default_needs_a_name(alpha):
    with pytest.raises(pymysql.err.MySQLError) as excinfo:
        alpha.override("ZZ-CUSTOM", kind="post_topic", sort=1)
    assert signalled(excinfo) == (31422, "name: is required: this group has no default")
    alpha.override("member-stories", kind="post_topic", name="Member stories")
    assert alpha.entries(kind="post_topic")["member-stories"]["level"] == "account"


def test_batch_is_all_or_nothing_and_names_the_failing_item(alpha):
    items = [{"group": "DE", "name": "Allemagne"}, {"group": "IT", "sort": "first"}]
    with pytest.raises(pymysql.err.MySQLError) as excinfo:
        alpha.call("lookup_override_batch", "country", alpha.id, json.dumps(items))
    assert signalled(excinfo) == (31422, "overrides/1/sort: must be a whole number")
    assert alpha.entries()["DE"]["name"] == "Germany"
    items[1]["sort"] = 3
    assert alpha.call("lookup_override_batch", "country", alpha.id, json.dumps(items))[0]["applied"] == 2
    assert (alpha.entries()["DE"]["name"], alpha.entries()["IT"]["sort"]) == ("Allemagne", 3)


def test_deleting_an_override_falls_back(alpha, call):
    alpha.override("US", name="Ours")
    call("lookup_override_delete", "country", alpha.id, "US", None, None)
    assert alpha.entries()["US"]["level"] == "default"
    with pytest.raises(pymysql.err.MySQLError) as excinfo:
        call("lookup_override_delete", "country", alpha.id, "US", None, None)
    assert signalled(excinfo)[0] == 31404


def test_seeding_again_updates_defaults_and_leaves_overrides(sql, query, alpha):
    alpha.override("US", name="Ours")
    counts = "SELECT (SELECT COUNT(*) FROM lu_v3_country) c, (SELECT COUNT(*) FROM lu_v3_time_zone) t"
    before = query(counts)[0]
    query("UPDATE lu_v3_country SET name = 'Old name' WHERE `group` = 'FR' AND account_id IS NULL")
    query("DELETE FROM lu_v3_country WHERE `group` = 'NO' AND account_id IS NULL")
    lookup_seed.seed(sql, progress=False)
    assert query(counts)[0] == before
    assert alpha.entries()["FR"]["name"] == "France" and alpha.entries()["NO"]["name"] == "Norway"
    assert alpha.entries()["US"]["name"] == "Ours"


def test_deleting_an_object_deletes_its_overrides(alpha, call, query):
    event = alpha.event()
    alpha.override("US", name="Expo USA", for_type="event", for_id_random=event)
    call("crud_delete", "event", alpha.id, None, event)
    assert query("SELECT COUNT(*) AS n FROM lu_v3_country WHERE account_id = %s AND for_type = 'event'",
                 alpha.id)[0]["n"] == 0
