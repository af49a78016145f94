"""/v3/lookup over HTTP: lists, their filters, q and pages, resolution by any identity, overrides
and their roles, the cache, and lookups with Redis down."""

import pytest
import redis

from api import lookups
from api.app import create_app
from api.config import Settings
from tests.api.conftest import assert_problem, crud_builder, make_tenant
from tests.client import AppClient


def page(client, tenant, kind="country", role="read", **params):
    response = client.get(f"/v3/lookup/{kind}/", params=params, headers=tenant.headers(role))
    assert response.status_code == 200, response.text
    return response.json()


def entries(client, tenant, kind="country", role="read", **params):
    answer = page(client, tenant, kind, role, **params)
    assert answer["has_more"] is False
    return {row["group"]: row for row in answer["data"]}


def walk(client, tenant, kind, **params):
    """Every entry of a list, page after page, in the order they came."""
    rows, cursor = [], None
    while True:
        answer = page(client, tenant, kind, **params, **({"cursor": cursor} if cursor else {}))
        rows += answer["data"]
        if not answer["has_more"]:
            assert answer["next_cursor"] is None
            return rows
        cursor = answer["next_cursor"]


def test_lookup_types_are_listed(client, tenant):
    types = {row["lu_type"]: row for row in client.get("/v3/lookup/", headers=tenant.headers()).json()["data"]}
    assert set(types) == {"country", "country_subdivision", "time_zone", "post_topic", "user_status", "file_purpose"}
    assert types["country"]["resolve_fields"] == ["group", "alpha_3_code", "numeric_code", "name", "official_name"]
    assert types["country_subdivision"]["filter_fields"] == ["country_code", "subdivision_type"]
    assert types["time_zone"]["filter_fields"] == ["country_code"] and types["country"]["filter_fields"] == []


def test_the_list_carries_the_default_columns(client, tenant):
    us = entries(client, tenant)["US"]
    assert us == {"id_random": us["id_random"], "group": "US", "name": "United States", "description": None,
                  "alpha_3_code": "USA", "numeric_code": "840", "official_name": "United States of America",
                  "enable": 1, "hide": 0, "sort": 0, "level": "default"}
    paris = entries(client, tenant, "time_zone")["Europe/Paris"]
    assert paris["country_code"] == "FR" and paris["utc_offset"] in ("+01:00", "+02:00")
    assert entries(client, tenant, "country_subdivision", country_code="US")["US-CA"]["country_code"] == "US"


def test_country_code_lists_one_countrys_subdivisions(client, tenant):
    french = entries(client, tenant, "country_subdivision", country_code="FR")
    assert len(french) > 10 and {row["country_code"] for row in french.values()} == {"FR"}
    assert entries(client, tenant, "country_subdivision", country_code="fr") == french
    regions = entries(client, tenant, "country_subdivision", country_code="FR", subdivision_type="Metropolitan region")
    assert regions and set(regions) < set(french)
    assert set(entries(client, tenant, "time_zone", country_code="FR")) == {"Europe/Paris"}


def test_q_finds_entries_by_the_start_of_a_name_or_code(client, tenant):
    assert set(entries(client, tenant, q="ger")) == {"DE"}
    starting_de = entries(client, tenant, q="de")
    assert {"DE", "DK"} <= set(starting_de) and "FR" not in starting_de
    assert set(entries(client, tenant, "country_subdivision", country_code="FR", q="paris")) == {"FR-75C"}
    assert entries(client, tenant, q="%") == {}


def test_the_default_page_holds_a_whole_country_list(client, tenant):
    answer = page(client, tenant)
    assert len(answer["data"]) > 240 and (answer["has_more"], answer["next_cursor"]) == (False, None)


def test_pages_walk_every_entry_exactly_once(client, tenant, sql):
    with sql.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) AS n FROM lu_v3_country_subdivision WHERE scope = '0::0'")
        total = cursor.fetchone()["n"]
    everything = walk(client, tenant, "country_subdivision")
    assert total > 1000 and len(everything) == len({row["group"] for row in everything}) == total
    first = page(client, tenant, "country_subdivision")
    assert len(first["data"]) == 1000 and first["has_more"] and first["data"] == everything[:1000]
    french = list(entries(client, tenant, "country_subdivision", country_code="FR").values())
    assert walk(client, tenant, "country_subdivision", country_code="FR", limit=7) == french


def test_a_page_that_ends_inside_a_tie_goes_on_from_the_right_entry(client, tenant):
    client.post("/v3/lookup/country/overrides", headers=tenant.headers("admin"),
                json={"overrides": [{"group": group, "name": "Same", "sort": -1} for group in ("IT", "DE", "FR")]})
    first = page(client, tenant, limit=2)
    assert [row["group"] for row in first["data"]] == ["DE", "FR"]
    rest = page(client, tenant, limit=2, cursor=first["next_cursor"])
    assert [row["group"] for row in rest["data"]][:1] == ["IT"]


@pytest.mark.parametrize("q", ["us", "USA", "840", "United States", "UNITED STATES OF AMERICA"])
def test_resolve_by_any_identity(client, tenant, q):
    response = client.get("/v3/lookup/country/resolve", params={"q": q}, headers=tenant.headers("read"))
    assert response.status_code == 200 and response.json()["group"] == "US"


def test_resolve_answers_404_for_nothing_and_for_a_disabled_group(client, tenant):
    assert_problem(client.get("/v3/lookup/country/resolve", params={"q": "Atlantis"}, headers=tenant.headers()), 404)
    client.put("/v3/lookup/country/CA/override", json={"enable": False}, headers=tenant.headers("admin"))
    assert_problem(client.get("/v3/lookup/country/resolve", params={"q": "CAN"}, headers=tenant.headers()), 404)
    assert_problem(client.get("/v3/lookup/country/resolve", headers=tenant.headers()), 400, "invalid_parameter")


def test_overrides_for_the_account_and_an_object(client, tenant):
    admin = tenant.headers("admin")
    event = crud_builder(client, tenant).make("event")["id_random"]
    response = client.put("/v3/lookup/country/US/override", json={"name": "USA", "sort": -1}, headers=admin)
    assert response.status_code == 200 and response.json()["name"] == "USA"
    client.put("/v3/lookup/country/US/override", headers=admin,
               json={"name": "USA (expo)", "for_type": "event", "for_id_random": event})
    assert entries(client, tenant)["US"]["name"] == "USA"
    on_event = entries(client, tenant, for_type="event", for_id_random=event)["US"]
    assert (on_event["name"], on_event["level"]) == ("USA (expo)", "object")
    deleted = client.delete("/v3/lookup/country/US/override", params={"for_type": "event", "for_id_random": event},
                            headers=admin)
    assert deleted.status_code == 204
    assert entries(client, tenant, for_type="event", for_id_random=event)["US"]["name"] == "USA"
    assert client.delete("/v3/lookup/country/US/override", headers=admin).status_code == 204
    assert entries(client, tenant)["US"]["level"] == "default"
    assert_problem(client.delete("/v3/lookup/country/US/override", headers=admin), 404)


def resolved(client, tenant, q, **params):
    response = client.get("/v3/lookup/country/resolve", params={"q": q, **params}, headers=tenant.headers())
    assert response.status_code == 200, response.text
    return response.json()


def test_an_override_answers_the_entry_the_list_and_resolve_show(client, tenant):
    admin = tenant.headers("admin")
    event = crud_builder(client, tenant).make("event")["id_random"]
    on_account = client.put("/v3/lookup/country/US/override", json={"name": "USA", "sort": -1}, headers=admin).json()
    assert on_account == entries(client, tenant)["US"] == resolved(client, tenant, "840")
    assert (on_account["name"], on_account["level"], on_account["official_name"]) == (
        "USA", "account", "United States of America")
    scope = {"for_type": "event", "for_id_random": event}
    on_event = client.put("/v3/lookup/country/US/override", json={"name": "Expo USA", **scope}, headers=admin).json()
    assert on_event == entries(client, tenant, **scope)["US"] == resolved(client, tenant, "840", **scope)
    assert on_event["level"] == "object" and entries(client, tenant)["US"] == on_account
    hidden = client.put("/v3/lookup/country/FR/override", json={"hide": True}, headers=admin).json()
    assert hidden == entries(client, tenant, role="admin", include_hidden="true")["FR"] and hidden["hide"] == 1


def test_groups_with_slashes_can_be_overridden(client, tenant):
    response = client.put("/v3/lookup/time_zone/Europe/Paris/override", json={"name": "Paris"},
                          headers=tenant.headers("admin"))
    assert response.status_code == 200
    assert entries(client, tenant, "time_zone")["Europe/Paris"]["name"] == "Paris"


def test_overrides_need_the_admin_role(client, tenant):
    for method, url in (("PUT", "/v3/lookup/country/US/override"), ("DELETE", "/v3/lookup/country/US/override"),
                        ("POST", "/v3/lookup/country/overrides")):
        response = client.request(method, url, json={"name": "x"}, headers=tenant.headers("write"))
        assert_problem(response, 403, "role_required")
    assert_problem(client.get("/v3/lookup/country/", params={"include_disabled": "true"},
                              headers=tenant.headers("write")), 403, "role_required")


def test_include_disabled_shows_negative_overrides_to_admins(client, tenant):
    client.put("/v3/lookup/country/FR/override", json={"enable": False}, headers=tenant.headers("admin"))
    assert "FR" not in entries(client, tenant)
    assert entries(client, tenant, role="admin", include_disabled="true")["FR"]["enable"] == 0


def test_batch_overrides_are_all_or_nothing(client, tenant):
    admin = tenant.headers("admin")
    bad = {"overrides": [{"group": "DE", "name": "Allemagne"}, {"group": "IT", "name": "x" * 300}]}
    problem = assert_problem(client.post("/v3/lookup/country/overrides", json=bad, headers=admin), 422)
    assert problem["field"] == "overrides/1/name"
    assert entries(client, tenant)["DE"]["name"] == "Germany"
    bad["overrides"][1]["name"] = "Italie"
    assert client.post("/v3/lookup/country/overrides", json=bad, headers=admin).json() == {"applied": 2}
    assert entries(client, tenant)["IT"]["name"] == "Italie"


@pytest.mark.parametrize("method,url,body,status", [
    ("GET", "/v3/lookup/nosuch/", None, 404),
    ("GET", "/v3/lookup/country/?colour=red", None, 400),
    ("GET", "/v3/lookup/country/?for_type=event", None, 422),
    ("GET", "/v3/lookup/country/?for_type=event&for_id_random=nosuchevent", None, 404),
    ("GET", "/v3/lookup/country/?include_hidden=maybe", None, 400),
    ("GET", "/v3/lookup/country/?limit=0", None, 400),
    ("GET", "/v3/lookup/country/?limit=1001", None, 400),
    ("GET", "/v3/lookup/country/?limit=ten", None, 400),
    ("GET", "/v3/lookup/country/?cursor=notacursor", None, 400),
    ("GET", "/v3/lookup/country/?q=" + "a" * 201, None, 400),
    ("GET", "/v3/lookup/country_subdivision/?country_code=FR&country_code=DE", None, 400),
    ("PUT", "/v3/lookup/country/US/override", {"colour": "red"}, 422),
    ("PUT", "/v3/lookup/country/US/override", {"sort": "first"}, 422),
    ("PUT", "/v3/lookup/country/US/override", {"for_type": "event", "for_id_random": "nosuchevent"}, 422),
    ("PUT", "/v3/lookup/country/US/override", [1], 400),
    ("POST", "/v3/lookup/country/overrides", {"overrides": []}, 422),
    ("POST", "/v3/lookup/country/overrides", {"items": []}, 422),
])
def test_bad_lookup_requests(client, tenant, method, url, body, status):
    assert_problem(client.request(method, url, json=body, headers=tenant.headers("admin")), status)


def test_an_unknown_parameter_is_named_with_the_ones_allowed(client, tenant):
    problem = assert_problem(client.get("/v3/lookup/country_subdivision/", params={"colour": "red"},
                                        headers=tenant.headers()), 400, "unknown_parameter")
    assert problem["parameter"] == "colour"
    assert {"q", "limit", "cursor", "country_code", "subdivision_type"} <= set(problem["allowed"])


def test_a_filter_another_type_declares_is_refused_by_name(client, tenant):
    problem = assert_problem(client.get("/v3/lookup/country/", params={"country_code": "FR"},
                                        headers=tenant.headers()), 400, "unknown_parameter")
    assert problem["parameter"] == "country_code" and "country_code" not in problem["allowed"]


def test_a_cursor_changed_by_hand_is_refused(client, tenant):
    cursor = page(client, tenant, limit=1)["next_cursor"]
    payload, signature = cursor.split(".")
    for bad in (payload + "." + signature[::-1], payload[:-2] + "." + signature, cursor + "x"):
        problem = assert_problem(client.get("/v3/lookup/country/", params={"cursor": bad}, headers=tenant.headers()),
                                 400, "invalid_parameter")
        assert problem["parameter"] == "cursor"


def test_an_object_of_another_account_cannot_be_named(client, tenant, other_tenant):
    foreign = crud_builder(client, other_tenant).make("event")["id_random"]
    assert_problem(client.get("/v3/lookup/country/", params={"for_type": "event", "for_id_random": foreign},
                              headers=tenant.headers()), 404)
    response = client.put("/v3/lookup/country/US/override", headers=tenant.headers("admin"),
                          json={"name": "x", "for_type": "event", "for_id_random": foreign})
    assert assert_problem(response, 422)["field"] == "for_id_random"


def test_lists_are_cached_until_an_override_changes_them(client, tenant, sql):
    admin = tenant.headers("admin")
    client.put("/v3/lookup/country/US/override", json={"name": "Cached"}, headers=admin)
    assert entries(client, tenant)["US"]["name"] == "Cached"
    with sql.cursor() as cursor:  # behind the API's back: the cached list does not see it
        cursor.execute("UPDATE lu_v3_country SET name = 'Sneaky' WHERE name = 'Cached'")
    assert entries(client, tenant)["US"]["name"] == "Cached"
    client.put("/v3/lookup/country/US/override", json={"name": "Fresh"}, headers=admin)
    assert entries(client, tenant)["US"]["name"] == "Fresh"


def test_filtered_pages_are_cached_until_an_override_changes_them(client, tenant, sql):
    admin, french_paris = tenant.headers("admin"), {"country_code": "FR", "q": "paris"}
    client.put("/v3/lookup/country_subdivision/FR-75C/override", json={"name": "Cached"}, headers=admin)
    assert entries(client, tenant, "country_subdivision", **french_paris)["FR-75C"]["name"] == "Cached"
    with sql.cursor() as cursor:  # behind the API's back: the cached page does not see it
        cursor.execute("UPDATE lu_v3_country_subdivision SET name = 'Sneaky' WHERE name = 'Cached'")
    assert entries(client, tenant, "country_subdivision", **french_paris)["FR-75C"]["name"] == "Cached"
    client.put("/v3/lookup/country_subdivision/FR-75C/override", json={"name": "Fresh"}, headers=admin)
    assert entries(client, tenant, "country_subdivision", **french_paris)["FR-75C"]["name"] == "Fresh"


def test_a_whitelist_written_through_crud_takes_effect_at_once(client, tenant):
    assert "FR" in entries(client, tenant)
    client.post("/v3/crud/data_store/", headers=tenant.headers("admin"), json={
        "for_type": "account", "for_id_random": tenant.account, "code": "lookup_whitelist",
        "data_json": {"country": ["US", "CA"]}})
    assert set(entries(client, tenant)) == {"US", "CA"}


def test_the_lookup_whitelist_needs_admin_whichever_route_writes_it(client, tenant):
    write, admin = tenant.headers("write"), tenant.headers("admin")
    policy = {"for_type": "account", "for_id_random": tenant.account, "code": "lookup_whitelist",
              "data_json": {"country": []}}
    assert_problem(client.post("/v3/crud/data_store/", json=policy, headers=write), 403, "role_required")
    plain = client.post("/v3/crud/data_store/", json={**policy, "code": "notes"}, headers=write).json()["id_random"]
    renamed = client.patch(f"/v3/crud/data_store/{plain}", json={"code": "lookup_whitelist"}, headers=write)
    assert_problem(renamed, 403, "role_required")
    made = client.post("/v3/crud/data_store/", json=policy, headers=admin).json()["id_random"]
    for method, body in (("PATCH", {"data_json": {"country": []}}), ("PATCH", {"code": "other"}), ("DELETE", None)):
        response = client.request(method, f"/v3/crud/data_store/{made}", json=body, headers=write)
        assert_problem(response, 403, "role_required")
    assert "FR" not in entries(client, tenant) and set(entries(client, tenant)) == set()


def test_lookups_work_with_redis_down(settings):
    down = Settings(**{**settings.__dict__, "redis_url": "redis://127.0.0.1:1/0"})
    with AppClient(create_app(down)) as client:
        tenant = make_tenant(client, client.app.state.services.db, "NoRedis")
        assert entries(client, tenant)["US"]["name"] == "United States"
        client.put("/v3/lookup/country/US/override", json={"name": "Still works"}, headers=tenant.headers("admin"))
        assert entries(client, tenant)["US"]["name"] == "Still works"
        response = client.get("/v3/lookup/country/resolve", params={"q": "usa"}, headers=tenant.headers())
        assert response.json()["name"] == "Still works"


def test_a_list_read_that_raced_a_change_is_never_served_after_the_change(client, tenant, sql, monkeypatch):
    """The read misses the cache and loads the old list; the change commits and invalidates
    before the read stores it. The next read must not get that old list from the cache."""
    services, admin = client.app.state.services, tenant.headers("admin")
    client.put("/v3/lookup/country/NZ/override", json={"name": "Old name"}, headers=admin)
    load = services.db.fetch_all

    async def load_then_change(statement, values=None, write=False):
        rows = await load(statement, values, write)
        if "lookup_list" in statement and values["account"] is not None:
            monkeypatch.setattr(services.db, "fetch_all", load)
            with sql.cursor() as cursor:
                cursor.execute("UPDATE lu_v3_country SET name = 'New name' WHERE name = 'Old name'")
            await lookups.invalidate(services, tenant.account)
        return rows

    monkeypatch.setattr(services.db, "fetch_all", load_then_change)
    assert entries(client, tenant)["NZ"]["name"] == "Old name"
    assert entries(client, tenant)["NZ"]["name"] == "New name"


def test_every_cached_page_expires_on_its_own(client, tenant, redis_url):
    """A type-ahead asks for a new page at each key stroke: none of them outlives CACHE_TTL."""
    for q in ("a", "ab", "abc"):
        page(client, tenant, q=q)
    cache = redis.Redis.from_url(redis_url)
    try:
        pages = [key for key in cache.scan_iter(f"{lookups.CACHE_PREFIX}{tenant.account}:*")
                 if not key.endswith(b":version")]
        assert len(pages) == 3 and all(0 < cache.ttl(key) <= lookups.CACHE_TTL for key in pages)
    finally:
        cache.close()
