"""POST .../search and GET list filters: the query language, end to end."""

import pytest

from api import search as search_module
from api.search import MAX_CONDITIONS, MAX_DEPTH, MAX_VALUES, OPERATORS
from tests.api.conftest import assert_problem, crud_builder


@pytest.fixture()
def programme(client, tenant):
    """One event with tracks, rooms, sessions, presentations and presenters, all named to search on."""
    builder = crud_builder(client, tenant)
    event = builder.make("event")["id_random"]
    track = builder.make("event_track", event, name="Platform")["id_random"]
    other_track = builder.make("event_track", event, name="Community")["id_random"]
    room = builder.make("event_location", event, name="Amphi A")["id_random"]
    sessions = {}
    for name, start, track_id, hide, code in [
        ("Opening keynote", "2026-05-01T09:00:00Z", track, 0, "s-1"),
        ("Keynote: the future", "2026-05-02T09:00:00Z", other_track, 0, "s-2"),
        ("100% uptime_stories", "2026-05-02T14:00:00Z", track, 1, "s-3"),
        ("Lunch", "2026-04-30T12:00:00Z", None, 0, None),
    ]:
        sessions[name] = builder.make("event_session", event, name=name, start_on=start, end_on=None, hide=hide, code=code,
                                      event_track_id_random=track_id, event_location_id_random=room)["id_random"]
    talk = builder.make("event_presentation", event, name="Why keynotes", event_session_id_random=sessions["Opening keynote"])
    speaker = builder.make("event_person", event, name="Grace")["id_random"]
    presenter = builder.make("event_presenter", event, event_person_id_random=speaker,
                             event_presentation_id_random=talk["id_random"])
    return {"event": event, "track": track, "other_track": other_track, "room": room, "sessions": sessions,
            "talk": talk["id_random"], "presenter": presenter["id_random"], "builder": builder}


def search(client, tenant, body, url=None, status=200):
    response = client.post(url or "/v3/crud/event_session/search", json=body, headers=tenant.headers("read"))
    assert response.status_code == status, response.text
    return response.json()


def names(body):
    return [row["name"] for row in body["data"]]


def under(programme):
    return f"/v3/crud/event/{programme['event']}/event_session/search"


def test_the_example_from_the_docs(client, tenant, programme):
    body = search(client, tenant, {
        "where": {"and": [
            {"field": "name", "op": "contains", "value": "keynote"},
            {"or": [
                {"field": "start_on", "op": "gte", "value": "2026-05-02T00:00:00Z"},
                {"field": "event_track_id_random", "op": "in", "value": [programme["track"], "Zz9_aa11bb2"]},
            ]},
            {"not": {"field": "hide", "op": "eq", "value": 1}},
        ]},
        "sort": ["-start_on", "name"], "limit": 50, "count": True, "view": "alt",
    }, under(programme))
    assert names(body) == ["Keynote: the future", "Opening keynote"]
    assert body["total"] == 2 and body["has_more"] is False and body["next_cursor"] is None
    assert body["data"][1]["event_track_name"] == "Platform"


OPERATOR_CASES = {
    "eq": ("name", "Lunch", ["Lunch"]),
    "ne": ("code", "s-1", ["Lunch", "Keynote: the future", "100% uptime_stories"]),
    "gt": ("start_on", "2026-05-02T09:00:00Z", ["100% uptime_stories"]),
    "gte": ("start_on", "2026-05-02T09:00:00+00:00", ["Keynote: the future", "100% uptime_stories"]),
    "lt": ("start_on", "2026-05-01T11:00:00+02:00", ["Lunch"]),
    "lte": ("start_on", "2026-05-01T09:00:00Z", ["Lunch", "Opening keynote"]),
    "in": ("code", ["s-1", "s-3", "nope"], ["Opening keynote", "100% uptime_stories"]),
    "not_in": ("code", ["s-1", "s-3"], ["Lunch", "Keynote: the future"]),
    "between": ("start_on", ["2026-05-01T00:00:00Z", "2026-05-02T09:00:00Z"], ["Opening keynote", "Keynote: the future"]),
    "is_null": ("code", True, ["Lunch"]),
    "contains": ("name", "% up", ["100% uptime_stories"]),
    "starts_with": ("name", "keynote", ["Keynote: the future"]),
    "ends_with": ("name", "_stories", ["100% uptime_stories"]),
    "like": ("name", "%key_ote%", ["Opening keynote", "Keynote: the future"]),
}


def test_every_operator_has_a_case_here():
    assert set(OPERATOR_CASES) == set(OPERATORS)


@pytest.mark.parametrize("op", sorted(OPERATOR_CASES))
def test_operator(client, tenant, programme, op):
    field, value, expected = OPERATOR_CASES[op]
    body = search(client, tenant, {"where": {"field": field, "op": op, "value": value}, "sort": ["start_on"]},
                  under(programme))
    assert names(body) == expected


def query_string(field, op, value):
    """The GET filter README gives for a search condition."""
    values = value if isinstance(value, list) else [value]
    texts = ["true" if v is True else "false" if v is False else str(v) for v in values]
    return [(f"{field}__{op}", text) for text in texts]


@pytest.mark.parametrize("op", sorted(OPERATOR_CASES))
def test_each_get_filter_gives_the_rows_of_its_search_body(client, tenant, programme, op):
    field, value, expected = OPERATOR_CASES[op]
    url = f"/v3/crud/event/{programme['event']}/event_session/"
    listed = client.get(url, params=[*query_string(field, op, value), ("sort", "start_on")], headers=tenant.headers())
    searched = search(client, tenant, {"where": {"field": field, "op": op, "value": value}, "sort": ["start_on"]},
                      under(programme))
    assert listed.status_code == 200, listed.text
    assert listed.json()["data"] == searched["data"] and names(searched) == expected


@pytest.mark.parametrize("params,conditions", [
    ([("name", "Lunch")], [{"field": "name", "op": "eq", "value": "Lunch"}]),
    ([("code", "a"), ("code", "b")], [{"field": "code", "op": "in", "value": ["a", "b"]}]),
    ([("sort__gte", "2")], [{"field": "sort", "op": "gte", "value": 2}]),
    ([("sort", "name"), ("sort__eq", "0")], [{"field": "sort", "op": "eq", "value": 0}]),
    ([("code__is_null", "false")], [{"field": "code", "op": "is_null", "value": False}]),
    ([("start_on__between", "2026-01-01T00:00:00Z"), ("start_on__between", "2026-12-31T00:00:00Z")],
     [{"field": "start_on", "op": "between", "value": ["2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z"]}]),
    ([("limit", "5"), ("count", "true"), ("view", "alt"), ("cursor", "x"), ("offset", "1")], []),
])
def test_get_filters_compile_to_these_search_conditions(services, params, conditions):
    from starlette.datastructures import QueryParams

    kind = services.registry.types["event_session"]
    assert search_module.query_conditions(kind, kind.views["default"], QueryParams(params))[0] == conditions


def test_a_list_parameter_named_like_a_field_says_how_to_filter_on_the_field(client, tenant, programme):
    url = f"/v3/crud/event/{programme['event']}/event_session/"
    body = assert_problem(client.get(url, params={"sort": "0"}, headers=tenant.headers()), 400)
    assert body["parameter"] == "sort" and "use sort__eq=" in body["detail"]
    assert client.get(url, params={"sort__eq": "0"}, headers=tenant.headers()).json()["data"] != []


def test_an_unknown_filter_lists_each_parameter_once_and_suggests_a_close_field(client, tenant):
    body = assert_problem(client.get("/v3/crud/event_session/", params={"nmae": "x"}, headers=tenant.headers()), 400)
    assert "Did you mean name?" in body["detail"] and "__<operator>" in body["detail"]
    assert len(body["allowed"]) == len(set(body["allowed"])) and "sort" in body["allowed"]
    assert "include_deleted" not in body["allowed"]


def test_include_deleted_is_offered_only_by_types_with_soft_delete(client, tenant):
    headers = tenant.headers()
    assert_problem(client.get("/v3/crud/event/", params={"include_deleted": "true"}, headers=headers), 400)
    assert_problem(client.post("/v3/crud/event/search", json={"include_deleted": True}, headers=headers), 400)
    assert "include_deleted" in assert_problem(
        client.get("/v3/crud/spirit/", params={"nope": "1"}, headers=headers), 400)["allowed"]


@pytest.mark.parametrize("params,detail", [
    ([("sort__gt", "1"), ("sort__gt", "2")], "gt takes one value"),
    ([("start_on__between", "2026-01-01T00:00:00Z")], "give it twice"),
    ([("code__is_null", "maybe")], "must be true, false, 1 or 0"),
])
def test_a_filter_given_the_wrong_number_of_values_is_a_400_naming_it(client, tenant, params, detail):
    body = assert_problem(client.get("/v3/crud/event_session/", params=params, headers=tenant.headers()), 400)
    assert body["parameter"] == params[0][0] and detail in body["detail"]


def test_contains_treats_percent_and_underscore_as_plain_characters(client, tenant, programme):
    assert names(search(client, tenant, {"where": {"field": "name", "op": "contains", "value": "%"}},
                        under(programme))) == ["100% uptime_stories"]
    assert names(search(client, tenant, {"where": {"field": "name", "op": "contains", "value": "e_f"}},
                        under(programme))) == []


def test_has_keeps_parents_with_a_matching_child_once(client, tenant, programme):
    body = {"where": {"and": [
        {"field": "id_random", "op": "eq", "value": programme["event"]},
        {"has": {"type": "event_session", "where": {"field": "name", "op": "contains", "value": "keynote"}}},
    ]}, "count": True}
    found = search(client, tenant, body, "/v3/crud/event/search")
    assert [row["id_random"] for row in found["data"]] == [programme["event"]] and found["total"] == 1
    body["where"]["and"][1] = {"not": {"has": {"type": "event_session"}}}
    assert search(client, tenant, body, "/v3/crud/event/search")["data"] == []


def test_has_combines_with_or(client, tenant, programme):
    empty = programme["builder"].make("event", name="Empty event")["id_random"]
    body = {"where": {"and": [
        {"field": "id_random", "op": "in", "value": [programme["event"], empty]},
        {"or": [{"has": {"type": "event_track", "where": {"field": "name", "op": "eq", "value": "Nope"}}},
                {"field": "name", "op": "eq", "value": "Empty event"}]},
    ]}}
    assert [row["id_random"] for row in search(client, tenant, body, "/v3/crud/event/search")["data"]] == [empty]


def test_an_unknown_field_points_at_the_node(client, tenant):
    body = {"where": {"and": [
        {"field": "name", "op": "eq", "value": "x"},
        {"or": [{"field": "colour", "op": "eq", "value": "red"}]},
    ]}}
    problem = assert_problem(client.post("/v3/crud/event_session/search", json=body, headers=tenant.headers()),
                             400, "invalid_search")
    assert problem["pointer"] == "/where/and/1/or/0/field"
    assert "name" in problem["allowed"] and "description" not in problem["allowed"]


def test_a_field_that_is_not_searchable_is_refused(client, tenant):
    problem = assert_problem(client.post("/v3/crud/event_session/search", headers=tenant.headers(),
                                         json={"where": {"field": "description", "op": "eq", "value": "x"}}), 400)
    assert problem["detail"] == "/where/field: description is not searchable"


def test_alt_fields_need_view_alt(client, tenant, programme):
    where = {"field": "event_track_name", "op": "eq", "value": "Platform"}
    problem = assert_problem(client.post(under(programme), json={"where": where}, headers=tenant.headers()), 400)
    assert problem["detail"] == "/where/field: event_track_name is only searchable with view=alt"
    found = search(client, tenant, {"where": where, "view": "alt", "sort": ["start_on"]}, under(programme))
    assert names(found) == ["Opening keynote", "100% uptime_stories"]


def test_alt_view_of_event_session_lists_presentations_and_presenters(client, tenant, programme):
    session = programme["sessions"]["Opening keynote"]
    row = client.get(f"/v3/crud/event_session/{session}", params={"view": "alt"}, headers=tenant.headers()).json()
    assert row["event_presentation_li_qry_str"] == programme["talk"]
    assert row["event_presenter_li_qry_str"] == programme["presenter"]
    assert (row["event_track_name"], row["event_location_name"]) == ("Platform", "Amphi A")


def test_alt_view_of_site_domain_carries_the_site_and_account(client, tenant):
    builder = crud_builder(client, tenant)
    site = builder.make("site", logo_path="/logo.svg", script_src="/app.js", enable_to="2027-01-01T00:00:00Z")
    domain = builder.make("site_domain", site["id_random"], access_key="k-123")
    rows = client.get(f"/v3/crud/site/{site['id_random']}/site_domain/", params={"view": "alt"},
                      headers=tenant.headers()).json()["data"]
    account = client.get(f"/v3/crud/account/{tenant.account}", headers=tenant.headers()).json()
    assert rows[0]["id_random"] == domain["id_random"]
    assert {key: rows[0][key] for key in ("account_name", "account_code", "account_enable", "site_domain_access_key",
                                          "logo_path", "script_src", "site_enable_to", "style_href")} == {
        "account_name": account["name"], "account_code": account["code"], "account_enable": 1,
        "site_domain_access_key": "k-123", "logo_path": "/logo.svg", "script_src": "/app.js",
        "site_enable_to": "2027-01-01T00:00:00Z", "style_href": None}


def test_a_search_cannot_widen_the_tenant_or_the_parent(client, tenant, other_tenant, programme):
    crud_builder(client, other_tenant).make("event_session", name="Opening keynote")
    other_event = programme["builder"].make("event")["id_random"]
    programme["builder"].make("event_session", other_event, name="Opening keynote")
    everything = {"where": {"or": [{"field": "name", "op": "like", "value": "%"},
                                   {"not": {"field": "name", "op": "like", "value": "%"}}]}}
    found = search(client, tenant, {**everything, "count": True}, under(programme))
    assert found["total"] == 4 and len(found["data"]) == 4
    across = search(client, tenant, {"where": {"field": "name", "op": "eq", "value": "Opening keynote"}})
    assert len(across["data"]) == 2  # this account's two events, never the other account's
    problem = assert_problem(client.post(under(programme), headers=tenant.headers(), json={
        "where": {"field": "account_id_random", "op": "eq", "value": other_tenant.account}}), 400)
    assert problem["pointer"] == "/where/field"


def test_each_has_counts_as_a_condition(client, tenant):
    """Without a where, a has is no condition of its own, yet it is a subquery: 5,000 of them
    kept a connection busy until the statement timeout."""
    within = {"where": {"or": [{"has": {"type": "event_track"}}] * MAX_CONDITIONS}}
    assert search(client, tenant, within, "/v3/crud/event/search")["data"] == []
    beyond = {"where": {"or": [{"has": {"type": "event_track"}}] * (MAX_CONDITIONS + 1)}}
    problem = assert_problem(client.post("/v3/crud/event/search", json=beyond, headers=tenant.headers()), 400)
    assert problem["pointer"] == f"/where/or/{MAX_CONDITIONS}/has"


def test_has_only_takes_child_types(client, tenant):
    problem = assert_problem(client.post("/v3/crud/event/search", headers=tenant.headers(),
                                         json={"where": {"has": {"type": "journal_entry"}}}), 400)
    assert problem["pointer"] == "/where/has/type" and "event_session" in problem["allowed"]


def nest(depth):
    node = {"field": "name", "op": "eq", "value": "x"}
    for _ in range(depth - 1):
        node = {"not": node}
    return node


HOSTILE = [
    ("field backtick", {"where": {"field": "name`; DROP TABLE event; --", "op": "eq", "value": 1}}, "/where/field"),
    ("field comment", {"where": {"field": "name/**/", "op": "eq", "value": "x"}}, "/where/field"),
    ("field look-alike", {"where": {"field": "n\u0430me", "op": "eq", "value": "x"}}, "/where/field"),
    ("field number", {"where": {"field": 7, "op": "eq", "value": "x"}}, "/where/field"),
    ("field object", {"where": {"field": {}, "op": "eq", "value": "x"}}, "/where/field"),
    ("field list", {"where": {"field": ["name"], "op": "eq", "value": "x"}}, "/where/field"),
    ("field upper case", {"where": {"field": "NAME", "op": "eq", "value": "x"}}, "/where/field"),
    ("op injection", {"where": {"field": "name", "op": "= 1 OR 1=1 --", "value": "x"}}, "/where/op"),
    ("op missing", {"where": {"field": "name", "value": "x"}}, "/where/op"),
    ("value object", {"where": {"field": "name", "op": "eq", "value": {"$ne": 1}}}, "/where/value"),
    ("value null", {"where": {"field": "name", "op": "eq", "value": None}}, "/where/value"),
    ("value list for eq", {"where": {"field": "name", "op": "eq", "value": ["a"]}}, "/where/value"),
    ("huge number", {"where": {"field": "sort", "op": "eq", "value": 10**30}}, "/where/value"),
    ("float for int", {"where": {"field": "sort", "op": "eq", "value": 1.5}}, "/where/value"),
    ("string for int", {"where": {"field": "sort", "op": "gt", "value": "1 OR 1=1"}}, "/where/value"),
    ("bad date", {"where": {"field": "start_on", "op": "gt", "value": "2026-13-45"}}, "/where/value"),
    ("date past 9999 in UTC", {"where": {"field": "start_on", "op": "gt", "value": "9999-12-31T23:00:00-05:00"}},
     "/where/value"),
    ("date before year 1 in UTC", {"where": {"field": "start_on", "op": "lt", "value": "0001-01-01T00:00:00+05:00"}},
     "/where/value"),
    ("bool for text", {"where": {"field": "name", "op": "eq", "value": True}}, "/where/value"),
    ("long text", {"where": {"field": "name", "op": "eq", "value": "x" * 5000}}, "/where/value"),
    ("in empty", {"where": {"field": "code", "op": "in", "value": []}}, "/where/value"),
    ("in too many", {"where": {"field": "code", "op": "in", "value": ["x"] * (MAX_VALUES + 1)}}, "/where/value"),
    ("between one", {"where": {"field": "sort", "op": "between", "value": [1]}}, "/where/value"),
    ("is_null text", {"where": {"field": "code", "op": "is_null", "value": "yes"}}, "/where/value"),
    ("empty and", {"where": {"and": []}}, "/where/and"),
    ("empty object", {"where": {}}, "/where"),
    ("where list", {"where": [{"field": "name", "op": "eq", "value": "x"}]}, "/where"),
    ("two groups", {"where": {"and": [nest(1)], "or": [nest(1)]}}, "/where/or"),
    ("extra key", {"where": {"field": "name", "op": "eq", "value": "x", "sql": "1=1"}}, "/where/sql"),
    ("too deep", {"where": nest(MAX_DEPTH + 1)}, "/where" + "/not" * MAX_DEPTH),
    ("too many", {"where": {"or": [nest(1)] * (MAX_CONDITIONS + 1)}}, f"/where/or/{MAX_CONDITIONS}"),
    ("sort injection", {"sort": ["name; DROP TABLE event"]}, "/sort/0"),
    ("sort not searchable", {"sort": ["description"]}, "/sort/0"),
    ("sort string", {"sort": "name"}, "/sort"),
    ("limit too big", {"limit": 1001}, "/limit"),
    ("limit string", {"limit": "10"}, "/limit"),
    ("negative offset", {"offset": -1}, "/offset"),
    ("count string", {"count": "yes"}, "/count"),
    ("unknown view", {"view": "secret"}, "/view"),
    ("unknown key", {"select": "*"}, "/select"),
    ("key with slash", {"a/b": 1}, "/a~1b"),
    ("bad cursor", {"cursor": "not-a-cursor"}, "/cursor"),
    ("cursor and offset", {"cursor": None, "offset": 0, "limit": 1}, None),
]


@pytest.mark.parametrize("body,pointer", [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE])
def test_hostile_searches_get_a_400_or_a_literal_match(client, tenant, body, pointer):
    response = client.post("/v3/crud/event_session/search", json=body, headers=tenant.headers("read"))
    if pointer is None:
        assert response.status_code == 200, response.text
        return
    problem = assert_problem(response, 400, "invalid_search")
    assert problem["pointer"] == pointer
    for leak in ("SELECT", "`", "syntax", "MariaDB", "Traceback"):
        assert leak not in problem["detail"], problem["detail"]


@pytest.mark.parametrize("value", ["O'Brien", 'say "hi"', "back\\slash", "x'; DROP TABLE event; --", "`tick`",
                                   "/* c */", "caf\u00e9", "\U0001F389", "%", "_"])
def test_hostile_values_match_literally(client, tenant, value):
    builder = crud_builder(client, tenant)
    event = builder.make("event")["id_random"]
    made = builder.make("event_session", event, name=value)["id_random"]
    builder.make("event_session", event, name="other")
    url = f"/v3/crud/event/{event}/event_session/search"
    for op in ("eq", "contains", "starts_with", "ends_with"):
        found = search(client, tenant, {"where": {"field": "name", "op": op, "value": value}}, url)
        assert [row["id_random"] for row in found["data"]] == [made], op


def test_get_list_filters_by_field_and_sorts(client, tenant, programme):
    url = f"/v3/crud/event/{programme['event']}/event_session/"
    headers = tenant.headers()
    assert names(client.get(url, params={"hide": "1"}, headers=headers).json()) == ["100% uptime_stories"]
    listed = client.get(url, params=[("code", "s-1"), ("code", "s-2"), ("sort", "-start_on,name"),
                                     ("count", "true")], headers=headers).json()
    assert names(listed) == ["Keynote: the future", "Opening keynote"] and listed["total"] == 2
    assert "total" not in client.get(url, headers=headers).json()
    alt = client.get(url, params={"view": "alt", "event_track_name": "Community"}, headers=headers).json()
    assert names(alt) == ["Keynote: the future"]


@pytest.mark.parametrize("params,name", [
    ({"colour": "red"}, "colour"), ({"description": "x"}, "description"), ({"sort": "-nope"}, "sort"),
    ({"hide": "maybe"}, "hide"), ({"count": "yes"}, "count"), ({"view": "secret"}, "view"), ({"sort": "a,,b"}, "sort"),
    ({"event_track_name": "x"}, "event_track_name"), ({"cursor": "garbage"}, None),
])
def test_get_list_refuses_unknown_or_bad_parameters(client, tenant, params, name):
    body = assert_problem(client.get("/v3/crud/event_session/", params=params, headers=tenant.headers()), 400)
    if name:
        assert body["parameter"] == name


def test_walking_every_page_with_the_cursor_returns_each_row_once(client, tenant):
    builder = crud_builder(client, tenant)
    journal = builder.make("journal")["id_random"]
    url = f"/v3/crud/journal/{journal}/journal_entry/"
    for i in range(23):
        builder.make("journal_entry", journal, sort=i % 4, entry_on=None if i % 5 == 0 else f"2026-05-{1 + i % 3:02d}T10:00:00Z")
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        page = client.get(url, params=params, headers=tenant.headers()).json()
        seen += [row["id_random"] for row in page["data"]]
        pages += 1
        if pages == 2:  # rows inserted mid-walk: the walk neither repeats nor skips the earlier ones
            builder.make("journal_entry", journal, sort=99, entry_on="2020-01-01T00:00:00Z")
        if not page["has_more"]:
            assert page["next_cursor"] is None
            break
        cursor = page["next_cursor"]
    everything = client.get(url, params={"limit": 1000}, headers=tenant.headers()).json()["data"]
    assert seen == [row["id_random"] for row in everything]
    assert len(set(seen)) == len(seen) == 24


def test_cursor_walk_in_a_search_with_descending_sort_and_nulls(client, tenant, programme):
    url = under(programme)
    body = {"sort": ["-code", "name"], "limit": 1}
    seen = []
    while True:
        page = search(client, tenant, body, url)
        seen += names(page)
        if not page["has_more"]:
            break
        body["cursor"] = page["next_cursor"]
    assert seen == ["100% uptime_stories", "Keynote: the future", "Opening keynote", "Lunch"]


def test_a_cursor_only_works_with_its_own_sort(client, tenant, programme):
    page = search(client, tenant, {"sort": ["name"], "limit": 1}, under(programme))
    problem = assert_problem(client.post(under(programme), json={"sort": ["-name"], "cursor": page["next_cursor"]},
                                         headers=tenant.headers()), 400)
    assert "another sort order" in problem["detail"]
    response = client.post(under(programme), json={"sort": ["name"], "cursor": page["next_cursor"], "offset": 2},
                           headers=tenant.headers())
    assert assert_problem(response, 400)["pointer"] == "/offset"

