"""Members of an account: who may see them, and the role a platform admin has among them."""

from tests.api.conftest import assert_problem, bearer
from tests.api.test_account_context import person_in
from tests.api.test_crud_isolation import own_user


def test_member_lists_need_the_admin_role(client, tenant):
    member = own_user(client, tenant)
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


def test_a_read_member_stays_read(client, services, tenant):
    token = person_in(client, services, (tenant.account, "read"))
    assert client.get("/v3/auth/me", headers=bearer(token, tenant.account)).json()["role"] == "read"
    assert_problem(client.get("/v3/crud/user/", headers=bearer(token, tenant.account)), 403, "role_required")
