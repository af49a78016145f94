import asyncio
import secrets

from api import accounts
from tests.api.conftest import PASSWORD, assert_problem, bearer, login


def test_no_credentials_is_401_with_www_authenticate(client):
    response = client.get("/v3/auth/me")
    body = assert_problem(response, 401, "unauthorized")
    assert "x-api-key" in body["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_unknown_api_key_is_401(client):
    assert_problem(client.get("/v3/auth/me", headers={"x-api-key": "ae_nope"}), 401, "invalid_api_key")


def test_api_key_carries_its_own_account(client, tenant):
    response = client.get("/v3/auth/me", headers=tenant.headers("read"))
    assert response.json()["account_id_random"] == tenant.account
    same = client.get("/v3/auth/me", headers={**tenant.headers("read"), "x-account-id": tenant.account})
    assert same.status_code == 200


def test_api_key_with_another_x_account_id_is_403_saying_so(client, tenant, other_tenant):
    headers = {**tenant.headers("admin"), "x-account-id": other_tenant.account}
    body = assert_problem(client.get("/v3/auth/me", headers=headers), 403, "account_mismatch")
    assert tenant.account in body["detail"] and other_tenant.account in body["detail"]


def test_both_credentials_at_once_are_refused(client, tenant):
    headers = {**tenant.headers("read"), **bearer(login(client, tenant.email))}
    assert_problem(client.get("/v3/auth/me", headers=headers), 401)


def test_role_too_low_for_the_method_is_403_naming_the_role(client, tenant):
    body = assert_problem(client.post("/v3/auth/api-keys", headers=tenant.headers("read"),
                                      json={"role": "read"}), 403, "role_required")
    assert body["required_role"] == "admin" and "'read'" in body["detail"]


def test_admin_routes_need_admin(client, tenant):
    assert_problem(client.get("/v3/auth/api-keys", headers=tenant.headers("write")), 403, "role_required")
    assert client.get("/v3/auth/api-keys", headers=tenant.headers("admin")).status_code == 200


def person_in(client, services, *memberships, platform_admin=False, email=None):
    email = email or f"p{secrets.token_hex(6)}@people.test"

    async def build():
        user = await accounts.create_user(services.db, email, PASSWORD, "Person", platform_admin)
        for account, role in memberships:
            await accounts.add_member(services.db, account, user, role)
        return user
    client.run(build)
    return login(client, email)


def test_person_with_several_accounts_must_name_one(client, services, tenant, other_tenant):
    token = person_in(client, services, (tenant.account, "read"), (other_tenant.account, "write"))
    body = assert_problem(client.get("/v3/auth/me", headers=bearer(token)), 403, "account_required")
    assert "x-account-id" in body["detail"] and "2 accounts" in body["detail"]
    me = client.get("/v3/auth/me", headers=bearer(token, other_tenant.account)).json()
    assert me["account_id_random"] == other_tenant.account and me["role"] == "write"


def test_person_with_one_account_needs_no_header(client, services, tenant):
    token = person_in(client, services, (tenant.account, "write"))
    assert client.get("/v3/auth/me", headers=bearer(token)).json()["role"] == "write"


def test_person_naming_an_account_that_is_not_theirs_is_403(client, services, tenant, other_tenant):
    token = person_in(client, services, (tenant.account, "admin"))
    body = assert_problem(client.get("/v3/auth/me", headers=bearer(token, other_tenant.account)), 403,
                          "not_your_account")
    assert other_tenant.account in body["detail"]


def test_person_without_accounts_is_403(client, services):
    token = person_in(client, services)
    assert_problem(client.get("/v3/auth/me", headers=bearer(token)), 403, "no_account")


def test_platform_admin_acts_on_any_account_but_must_name_it(client, services, tenant):
    token = person_in(client, services, platform_admin=True)
    assert_problem(client.get("/v3/auth/me", headers=bearer(token)), 403, "account_required")
    me = client.get("/v3/auth/me", headers=bearer(token, tenant.account)).json()
    assert me == {**me, "account_id_random": tenant.account, "role": "admin", "is_platform_admin": True}


def test_platform_admin_naming_an_unknown_account_is_403(client, services):
    token = person_in(client, services, platform_admin=True)
    assert_problem(client.get("/v3/auth/me", headers=bearer(token, "nosuchacct1")), 403, "not_your_account")


def test_disabled_account_is_403(client, services, tenant, sql):
    with sql.cursor() as cursor:
        cursor.execute("UPDATE account SET enable = 0 WHERE id_random = %s", (tenant.account,))
    client.run(services.credentials.invalidate)
    assert_problem(client.get("/v3/auth/me", headers=tenant.headers("read")), 403, "account_disabled")


def test_removed_membership_stops_a_token_at_once(client, services, tenant, sql):
    token = person_in(client, services, (tenant.account, "read"), email="leaver@people.test")
    assert client.get("/v3/auth/me", headers=bearer(token)).status_code == 200
    with sql.cursor() as cursor:
        cursor.execute("DELETE m FROM account_user m JOIN user u ON u.id = m.user_id WHERE u.email = %s",
                       ("leaver@people.test",))
    client.run(services.credentials.invalidate)
    assert_problem(client.get("/v3/auth/me", headers=bearer(token)), 403, "no_account")


def test_credentials_are_cached_between_requests(client, services, tenant):
    client.get("/v3/auth/me", headers=tenant.headers("read"))

    async def wait_live():
        for _ in range(50):
            if services.credentials.memo.live:
                return True
            await asyncio.sleep(0.05)
        return False
    assert client.run(wait_live)
    client.get("/v3/auth/me", headers=tenant.headers("read"))
    assert any(key[0] == "key" for key in services.credentials.memo._entries)
