"""Members of an account: who may see them, the role a platform admin has among them, and what
removing a member takes with the membership."""

from tests.api.conftest import assert_problem, bearer, invite, login, mailed_token, member_id, new_email
from tests.api.test_account_context import person_in


def test_member_lists_need_the_admin_role(client, tenant):
    member = member_id(client, tenant, tenant.email)
    for role in ("read", "write"):
        headers = tenant.headers(role)
        for response in (client.get("/v3/crud/user/", headers=headers),
                         client.post("/v3/crud/user/search", json={}, headers=headers),
                         client.get(f"/v3/crud/user/{member}", headers=headers)):
            assert assert_problem(response, 403, "role_required")["required_role"] == "admin"
    schema = client.get("/v3/crud/user/schema", headers=tenant.headers("read")).json()
    assert (schema["read_role"], schema["write_role"]) == ("admin", "admin")
    assert client.get("/v3/crud/event/schema", headers=tenant.headers("read")).json()["read_role"] == "read"
    assert client.get("/v3/crud/event/", headers=tenant.headers("read")).status_code == 200


def test_a_platform_admin_is_admin_on_an_account_where_they_are_a_read_member(client, services, tenant):
    token = person_in(client, services, (tenant.account, "read"), platform_admin=True)
    me = client.get("/v3/auth/me", headers=bearer(token, tenant.account)).json()
    assert (me["role"], me["is_platform_admin"]) == ("admin", True)
    assert client.get("/v3/auth/api-keys", headers=bearer(token, tenant.account)).status_code == 200
    assert_problem(client.get("/v3/auth/me", headers=bearer(token)), 403, "account_required")


def test_a_platform_admin_stays_admin_on_an_account_that_invited_them_as_read(client, services, tenant, settings):
    address = new_email("platform")
    token = person_in(client, services, platform_admin=True, email=address)
    invite(client, tenant, address, "read")
    accepted = client.post("/v3/auth/invitations/accept", json={"token": mailed_token(settings, address)},
                           headers=bearer(token))
    assert accepted.status_code == 200 and accepted.json()["role"] == "read"
    me = client.get("/v3/auth/me", headers=bearer(token, tenant.account)).json()
    assert (me["role"], me["is_platform_admin"]) == ("admin", True)
    assert client.get("/v3/crud/user/", headers=bearer(token, tenant.account)).status_code == 200
    assert_problem(client.get("/v3/auth/me", headers=bearer(token)), 403, "account_required")


def test_a_read_member_stays_read(client, services, tenant):
    token = person_in(client, services, (tenant.account, "read"))
    assert client.get("/v3/auth/me", headers=bearer(token, tenant.account)).json()["role"] == "read"
    assert_problem(client.get("/v3/crud/user/", headers=bearer(token, tenant.account)), 403, "role_required")


def rows_about(client, tenant, person):
    """A contact, an address, a data store and a lookup override about `person` in `tenant`."""
    made = {}
    for kind, body in (("contact", {"value": "desk@people.test"}), ("address", {"city": "Lyon"}),
                       ("data_store", {"code": "badge", "data_json": {"seat": "A1"}})):
        response = client.post(f"/v3/crud/{kind}/", json={**body, "for_type": "user", "for_id_random": person},
                               headers=tenant.headers())
        assert response.status_code == 201, response.text
        made[kind] = response.json()["id_random"]
    response = client.put("/v3/lookup/country/FR/override", headers=tenant.headers(),
                          json={"name": "Their France", "for_type": "user", "for_id_random": person})
    assert response.status_code in (200, 201), response.text
    return made


def overrides_about(sql, tenant, person):
    with sql.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) AS n FROM lu_v3_country AS l JOIN account AS a ON a.id = l.account_id"
                       " JOIN user AS u ON u.id = l.for_id WHERE a.id_random = %s AND l.for_type = 'user'"
                       " AND u.id_random = %s", (tenant.account, person))
        return cursor.fetchone()["n"]


def test_removing_a_member_takes_this_accounts_rows_about_them(client, services, tenant, other_tenant, sql):
    address = new_email("leaver")
    person_in(client, services, (tenant.account, "write"), (other_tenant.account, "read"), email=address)
    person = member_id(client, tenant, address)
    mine, theirs = rows_about(client, tenant, person), rows_about(client, other_tenant, person)
    assert overrides_about(sql, tenant, person) == 1

    assert client.delete(f"/v3/crud/user/{person}", headers=tenant.headers()).status_code == 204
    for kind, id_random in mine.items():
        assert_problem(client.get(f"/v3/crud/{kind}/{id_random}", headers=tenant.headers()), 404)
    assert overrides_about(sql, tenant, person) == 0
    assert member_id(client, tenant, address) is None
    for kind, id_random in theirs.items():
        assert client.get(f"/v3/crud/{kind}/{id_random}", headers=other_tenant.headers()).status_code == 200
    assert overrides_about(sql, other_tenant, person) == 1
    assert client.get("/v3/auth/me", headers=bearer(login(client, address))).json()["account_id_random"] == (
        other_tenant.account)


def test_removing_another_accounts_member_takes_nothing(client, services, tenant, other_tenant, sql):
    address = new_email()
    person_in(client, services, (other_tenant.account, "read"), email=address)
    person = member_id(client, other_tenant, address)
    theirs = rows_about(client, other_tenant, person)
    assert_problem(client.delete(f"/v3/crud/user/{person}", headers=tenant.headers()), 404)
    for kind, id_random in theirs.items():
        assert client.get(f"/v3/crud/{kind}/{id_random}", headers=other_tenant.headers()).status_code == 200
    assert overrides_about(sql, other_tenant, person) == 1
