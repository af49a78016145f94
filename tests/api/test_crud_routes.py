"""The shape of /v3/crud: slashes, paging, unknown names, roles and refused operations."""

import pytest

from tests.api.conftest import assert_problem, bearer, crud_builder, login, mailed_token


def test_trailing_slash_is_optional_and_never_redirects(client, tenant):
    event = crud_builder(client, tenant).make("event")["id_random"]
    for url in ("/v3/crud/event", "/v3/crud/event/", f"/v3/crud/event/{event}", f"/v3/crud/event/{event}/",
                f"/v3/crud/event/{event}/event_session", f"/v3/crud/event/{event}/event_session/",
                "/v3/crud/event/schema", "/v3/crud/event/schema/"):
        response = client.get(url, headers=tenant.headers(), follow_redirects=False)
        assert response.status_code == 200, url


def test_a_newline_after_the_path_matches_no_route(client, tenant):
    """Starlette's patterns end in `$`, which matches before a final newline: <id>%0A named <id>."""
    event = crud_builder(client, tenant).make("event")
    url = f"/v3/crud/event/{event['id_random']}"
    for method, body in (("GET", None), ("PATCH", {"name": "Changed"}), ("DELETE", None)):
        assert_problem(client.request(method, url + "%0A", json=body, headers=tenant.headers()), 404, "not_found")
    for path in ("/v3/crud/event%0A", "/v3/auth/me%0A", "/v3/lookup/country%0A", url + "/%0A"):
        assert_problem(client.get(path, headers=tenant.headers()), 404, "not_found")
    assert client.get(url, headers=tenant.headers()).json() == event


def test_limit_and_offset_page_through_a_list(client, tenant):
    builder = crud_builder(client, tenant)
    journal = builder.make("journal")["id_random"]
    made = [builder.make("journal_entry", journal, sort=i, entry_on=None)["id_random"] for i in range(5)]
    url = f"/v3/crud/journal/{journal}/journal_entry/"
    first = client.get(url, params={"limit": 2}, headers=tenant.headers()).json()
    rest = client.get(url, params={"limit": 2, "offset": 2}, headers=tenant.headers()).json()
    last = client.get(url, params={"limit": 2, "offset": 4}, headers=tenant.headers()).json()
    assert (first["has_more"], rest["has_more"], last["has_more"]) == (True, True, False)
    assert [row["id_random"] for row in first["data"] + rest["data"] + last["data"]] == made


@pytest.mark.parametrize("params,name", [({"limit": "0"}, "limit"), ({"limit": "1001"}, "limit"),
                                         ({"limit": "ten"}, "limit"), ({"offset": "-1"}, "offset"),
                                         ({"colour": "red"}, "colour")])
def test_bad_query_parameters_are_400s_naming_them(client, tenant, params, name):
    body = assert_problem(client.get("/v3/crud/event/", params=params, headers=tenant.headers()), 400)
    assert body["parameter"] == name


def test_an_unknown_type_is_404_on_every_route(client, tenant):
    for method, url in (("GET", "/v3/crud/nosuch/"), ("POST", "/v3/crud/nosuch/"), ("GET", "/v3/crud/nosuch/AAAAAAAAAAA"),
                        ("GET", "/v3/crud/nosuch/schema"), ("GET", "/v3/crud/event/AAAAAAAAAAA/nosuch/")):
        assert_problem(client.request(method, url, json={}, headers=tenant.headers()), 404, "unknown_type")


def test_read_role_cannot_write(client, tenant):
    response = client.post("/v3/crud/event/", json={"name": "x"}, headers=tenant.headers("read"))
    assert_problem(response, 403, "role_required")


def test_write_role_cannot_change_the_account_or_its_members(client, tenant):
    write = tenant.headers("write")
    assert_problem(client.patch(f"/v3/crud/account/{tenant.account}", json={"name": "Mine"}, headers=write), 403)
    assert_problem(client.post("/v3/crud/user/", json={"email": "new@example.test"}, headers=write), 403)
    response = client.patch(f"/v3/crud/account/{tenant.account}", json={"description": "Ours"},
                            headers=tenant.headers("admin"))
    assert response.status_code == 200 and response.json()["description"] == "Ours"


def test_a_method_no_route_takes_is_a_405_listing_every_method_of_the_url(client, tenant):
    event = crud_builder(client, tenant).make("event")["id_random"]
    response = client.put(f"/v3/crud/event/{event}/", json={"name": "x"}, headers=tenant.headers())
    problem = assert_problem(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "DELETE, GET, HEAD, PATCH"
    assert problem["detail"] == "PUT is not allowed here; allowed: DELETE, GET, HEAD, PATCH."
    assert problem["allowed"] == ["DELETE", "GET", "HEAD", "PATCH"]


def test_allow_leaves_out_what_the_type_does_not_offer(client, tenant):
    invitation = client.post("/v3/crud/user_invitation/", json={"email": "x@allow.test", "role": "read"},
                             headers=tenant.headers()).json()["id_random"]
    for method in ("PUT", "PATCH"):
        response = client.request(method, f"/v3/crud/user_invitation/{invitation}", json={}, headers=tenant.headers())
        assert_problem(response, 405, "method_not_allowed")
        assert response.headers["allow"] == "DELETE, GET, HEAD", method


def test_accounts_cannot_be_created_or_deleted_through_crud(client, tenant):
    created = assert_problem(client.post("/v3/crud/account/", json={"name": "x"}, headers=tenant.headers()), 405)
    assert created["detail"] == ("account objects cannot be created through the API. "
                                 "POST is not allowed here; allowed: GET, HEAD.")
    response = client.delete(f"/v3/crud/account/{tenant.account}", headers=tenant.headers())
    assert_problem(response, 405)
    assert response.headers["allow"] == "GET, HEAD, PATCH"


def test_an_admin_invites_a_member_who_can_then_log_in_to_the_account(client, tenant, settings):
    address = tenant.email.replace("@", "+2@")
    response = client.post("/v3/crud/user_invitation/", json={"email": address, "role": "read"},
                           headers=tenant.headers())
    assert response.status_code == 201 and response.json()["role"] == "read"
    accepted = client.post("/v3/auth/invitations/accept",
                           json={"token": mailed_token(settings, address), "password": "their own password"})
    assert accepted.status_code == 200, accepted.text
    token = login(client, address, "their own password")
    me = client.get("/v3/auth/me", headers=bearer(token, tenant.account)).json()
    assert (me["account_id_random"], me["role"]) == (tenant.account, "read")


def test_removing_a_member_takes_their_access_away_at_once(client, tenant, services):
    token = login(client, tenant.email)
    headers = bearer(token, tenant.account)
    assert client.get("/v3/crud/event/", headers=headers).status_code == 200
    users = client.get("/v3/crud/user/", headers=tenant.headers()).json()["data"]
    me = next(user for user in users if user["email"] == tenant.email)
    assert client.delete(f"/v3/crud/user/{me['id_random']}", headers=tenant.headers()).status_code == 204
    assert_problem(client.get("/v3/crud/event/", headers=headers), 403)
