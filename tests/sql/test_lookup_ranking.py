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

    def listed(self, kind="country", event=None, filters=None, q=None, after=None, limit=None, hidden=0, disabled=0):
        return self.call("lookup_list", kind, self.id, "event" if event else None, event,
                         None if filters is None else json.dumps(filters), q,
                         None if after is None else json.dumps(after), limit, hidden, disabled)

    def entries(self, kind="country", event=None, **options):
        return {row["group"]: row for row in self.listed(kind, event, **options)}

    def resolve(self, q, kind="country", event=None):
        rows = self.call("lookup_resolve", kind, self.id, "event" if event else None, event, q)
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
    names = [row["name"] for row in alpha.listed()]
    assert names[:3] == ["Afghanistan", "\u00c5land Islands", "Albania"]  # by sort, then name (Å sorts as A)


def test_account_rename_replaces_the_default_for_that_account_only(alpha, beta):
    alpha.override("US", name="USA (ours)", sort=-1)
    us = alpha.entries()["US"]
    assert (us["name"], us["level"], us["sort"], us["alpha_3_code"]) == ("USA (ours)", "account", -1, "USA")
    first = alpha.listed()[0]
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


def test_every_filter_field_is_an_extra_field_of_its_type(query):
    for row in query("SELECT name, extra_fields, filter_fields FROM lu_type"):
        extra = row["extra_fields"].split(",")
        assert all(name in extra for name in row["filter_fields"].split(",") if name), row["name"]


def test_a_country_code_filter_keeps_that_countrys_subdivisions_only(alpha, query):
    french = alpha.entries("country_subdivision", filters={"country_code": "FR"})
    defaults = query("SELECT COUNT(*) AS n FROM lu_v3_country_subdivision WHERE scope = '0::0' AND country_code = 'FR'")
    assert len(french) == defaults[0]["n"] > 10
    assert {row["country_code"] for row in french.values()} == {"FR"}
    assert alpha.entries("country_subdivision", filters={"country_code": "fr"}) == french
    assert alpha.entries("country_subdivision", filters={"country_code": "\u00c9"}) == {}
    paris = {row["group"] for row in alpha.listed("time_zone", filters={"country_code": "FR"})}
    assert paris == {"Europe/Paris"}


def test_filters_combine_with_each_other_and_with_overrides(alpha):
    french_regions = {"country_code": "FR", "subdivision_type": "Metropolitan region"}
    regions = alpha.entries("country_subdivision", filters=french_regions)
    assert regions and {row["subdivision_type"] for row in regions.values()} == {"Metropolitan region"}
    group = next(iter(regions))
    alpha.override(group, kind="country_subdivision", name="Renamed region")
    again = alpha.entries("country_subdivision", filters=french_regions)
    assert again[group]["name"] == "Renamed region" and set(again) == set(regions)


@pytest.mark.parametrize("kind,filters,message", [
    ("country", {"country_code": "FR"}, "country_code: not a filter of this lookup type"),
    ("country_subdivision", {"name": "Paris"}, "name: not a filter of this lookup type"),
    ("country_subdivision", {"country_code": ["FR"]}, "country_code: must be text"),
    ("country_subdivision", {"Country Code": "FR"}, "filters: not a filter of this lookup type"),
    ("country_subdivision", ["FR"], "filters: must be an object of field names and values"),
])
def test_a_filter_the_type_does_not_declare_is_refused(alpha, kind, filters, message):
    with pytest.raises(pymysql.err.MySQLError) as excinfo:
        alpha.listed(kind, filters=filters)
    assert signalled(excinfo) == (31400, message)


def test_q_finds_entries_by_the_start_of_any_resolve_field(alpha):
    assert set(alpha.entries(q="ger")) == {"DE"}
    de = alpha.entries(q="de")
    assert {"DE", "DK"} <= set(de) and "FR" not in de
    fields = ("group", "alpha_3_code", "numeric_code", "name", "official_name")
    assert all(any((row[f] or "").lower().startswith("de") for f in fields) for row in de.values())
    assert set(alpha.entries(q="GBR")) == {"GB"} and "US" in alpha.entries(q="84")
    assert "AX" in alpha.entries(q="aland")  # accents and case do not count
    assert "Europe/Paris" in alpha.entries("time_zone", q="europe/pa")


def test_q_takes_percent_and_underscore_as_plain_characters(alpha):
    assert alpha.entries(q="%") == {} and alpha.entries(q="_") == {} and alpha.entries(q="!") == {}
    assert len(alpha.entries(q="")) == len(alpha.entries())


def test_q_follows_overrides_and_still_finds_the_default_name(alpha):
    alpha.override("US", name="Merica")
    assert "US" in alpha.entries(q="meri") and "US" in alpha.entries(q="united st")
    alpha.override("CA", enable=False)
    assert "CA" not in alpha.entries(q="cana")


def test_pages_walk_every_entry_once_in_the_list_order(alpha):
    for group in ("FR", "DE", "IT"):  # the same sort and name: group breaks the tie
        alpha.override(group, name="Same", sort=-1)
    whole = alpha.listed()
    walked, after = [], None
    while True:
        page = alpha.listed(after=after, limit=7)
        walked += page
        if len(page) < 7:
            break
        after = [page[-1]["sort"], page[-1]["name"], page[-1]["group"]]
    assert walked == whole and [row["group"] for row in whole[:3]] == ["DE", "FR", "IT"]
    assert [row["group"] for row in alpha.listed(after=[-1, "Same", "DE"], limit=2)] == ["FR", "IT"]


def test_pages_of_a_filtered_search(alpha):
    whole = alpha.listed("country_subdivision", filters={"country_code": "FR"}, q="a")
    assert whole and all(row["country_code"] == "FR" for row in whole)
    first = alpha.listed("country_subdivision", filters={"country_code": "FR"}, q="a", limit=3)
    last = first[-1]
    rest = alpha.listed("country_subdivision", filters={"country_code": "FR"}, q="a",
                        after=[last["sort"], last["name"], last["group"]])
    assert first + rest == whole


@pytest.mark.parametrize("after", [[0, "A"], ["0", "A", "B"], [0, 1, "B"], {"sort": 0}, "not json"])
def test_a_position_that_is_no_entrys_is_refused(alpha, after):
    with pytest.raises(pymysql.err.MySQLError) as excinfo:
        alpha.call("lookup_list", "country", alpha.id, None, None, None, None,
                   after if isinstance(after, str) else json.dumps(after), None, 0, 0)
    assert signalled(excinfo) == (31400, "cursor: must be the [sort, name, group] of an entry")


def test_an_object_override_of_another_account_never_shows_in_filters_searches_or_pages(alpha, beta, query):
    event = alpha.event()
    event_id = query("SELECT id FROM event WHERE id_random = %s", event)[0]["id"]
    query("INSERT INTO lu_v3_time_zone (account_id, for_type, for_id, `group`, name, sort)"
          " VALUES (%s, 'event', %s, 'Europe/Paris', 'Hijacked', -5)", beta.id, event_id)
    query("INSERT INTO lu_v3_country (account_id, for_type, for_id, `group`, name, sort)"
          " VALUES (%s, 'event', %s, 'US', 'Hijacked', -5)", beta.id, event_id)
    assert alpha.entries("time_zone", event, filters={"country_code": "FR"})["Europe/Paris"]["name"] == "Europe/Paris"
    assert alpha.entries(event=event, q="hij") == {}
    assert alpha.listed(event=event, limit=1)[0]["name"] == "Afghanistan"
    assert alpha.entries(event=event, after=[-6, "", ""], limit=1) == alpha.entries(limit=1)
    assert alpha.resolve("Hijacked", event=event) is None


def test_an_override_answers_its_entry_as_the_list_shows_it_where_it_applies(alpha):
    event = alpha.event()
    account = alpha.override("US", name="USA", sort=-1)
    assert account == alpha.entries()["US"] and account["level"] == "account"
    on_event = alpha.override("US", name="Expo USA", for_type="event", for_id_random=event)
    assert on_event == alpha.entries(event=event)["US"] and on_event["level"] == "object"
    assert (on_event["alpha_3_code"], on_event["sort"]) == ("USA", 0)  # left out: the default's
    hidden = alpha.override("FR", enable=False)
    assert hidden == alpha.entries(disabled=1)["FR"] and hidden["enable"] == 0
