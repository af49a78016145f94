"""Passwords: an admin has a reset mailed to a member, the person sets a new password with it,
and a person changes their own. Every change ends every login token issued before it; a login
that moves an old hash onto argon2id ends none."""

import asyncio
import base64
import hashlib
import secrets
import time

import jwt
import pytest
from argon2 import PasswordHasher

from tests.api.conftest import PASSWORD, assert_problem, bearer, login, mailed_token, mails_to, member_id, new_email
from tests.api.test_account_context import person_in


TOO_COMMON = "password: too common (it is in a list of 30,000 passwords known to attackers); choose another"


def reset_url(member):
    return f"/v3/crud/user/{member}/password-reset"


def test_an_admin_has_a_reset_mailed_and_the_person_sets_a_new_password(client, tenant, settings):
    old_token = login(client, tenant.email)
    member = member_id(client, tenant, tenant.email)
    response = client.post(reset_url(member), headers=tenant.headers())
    assert response.status_code == 202, response.text
    assert response.json()["user_id_random"] == member and "token" not in response.json()
    token = mailed_token(settings, tenant.email)
    assert token not in response.text
    assert f"{settings.public_url}/v3/auth/password/reset" in mails_to(settings, tenant.email)[-1].get_content()
    assert client.get("/v3/auth/me", headers=bearer(old_token)).status_code == 200  # asking changes nothing

    done = client.post("/v3/auth/password/reset", json={"token": token, "password": "a brand new one"})
    assert done.status_code == 200, done.text
    assert client.get("/v3/auth/me", headers=bearer(done.json()["access_token"])).status_code == 200
    assert_problem(client.get("/v3/auth/me", headers=bearer(old_token)), 401, "invalid_token")
    assert login(client, tenant.email, "a brand new one")
    assert_problem(client.post("/v3/auth/login", json={"email": tenant.email, "password": PASSWORD}), 401)
    again = client.post("/v3/auth/password/reset", json={"token": token, "password": "yet another one"})
    assert assert_problem(again, 422, "invalid_field")["field"] == "token"


def test_a_reset_needs_an_admin_of_an_account_the_person_belongs_to(client, tenant, other_tenant, settings):
    stranger = member_id(client, other_tenant, other_tenant.email)
    assert_problem(client.post(reset_url(stranger), headers=tenant.headers()), 404, "not_found")
    own = member_id(client, tenant, tenant.email)
    assert_problem(client.post(reset_url(own), headers=tenant.headers("write")), 403, "role_required")
    assert not mails_to(settings, other_tenant.email)


def test_a_platform_admin_resets_anyones_password(client, services, tenant, other_tenant, settings):
    admin = person_in(client, services, platform_admin=True)
    stranger = member_id(client, other_tenant, other_tenant.email)
    response = client.post(reset_url(stranger), headers=bearer(admin, tenant.account))
    assert response.status_code == 202, response.text
    assert mailed_token(settings, other_tenant.email)


def test_a_reset_password_needs_8_to_1024_characters_and_no_common_one_and_the_token_stays_usable(
        client, tenant, settings):
    client.post(reset_url(member_id(client, tenant, tenant.email)), headers=tenant.headers())
    token = mailed_token(settings, tenant.email)
    for password, detail in (("1234567", "password: at least 8 characters"),
                             ("x" * 1025, "password: at most 1024 characters"),
                             ("12345678", TOO_COMMON), ("PassWord1", TOO_COMMON)):
        refused = client.post("/v3/auth/password/reset", json={"token": token, "password": password})
        assert assert_problem(refused, 422, "invalid_field")["field"] == "password"
        assert refused.json()["detail"] == detail
    accepted = client.post("/v3/auth/password/reset", json={"token": token, "password": "12345678 and more"})
    assert accepted.status_code == 200


def test_a_changed_password_cannot_be_a_common_one(client, tenant):
    token = login(client, tenant.email)
    refused = client.post("/v3/auth/password", json={"current_password": PASSWORD, "new_password": "iloveyou"},
                          headers=bearer(token))
    assert assert_problem(refused, 422, "invalid_field")["field"] == "new_password"
    assert refused.json()["detail"] == "new_" + TOO_COMMON
    assert client.get("/v3/auth/me", headers=bearer(token)).status_code == 200
    assert login(client, tenant.email, PASSWORD)


def test_a_person_changes_their_own_password_and_old_tokens_stop_working(client, tenant):
    old = login(client, tenant.email)
    other_device = login(client, tenant.email)
    wrong = client.post("/v3/auth/password", json={"current_password": "not it", "new_password": "changed pw 1"},
                        headers=bearer(old))
    assert assert_problem(wrong, 422, "invalid_field")["field"] == "current_password"
    short = client.post("/v3/auth/password", json={"current_password": PASSWORD, "new_password": "short"},
                        headers=bearer(old))
    assert assert_problem(short, 422, "invalid_field")["field"] == "new_password"
    changed = client.post("/v3/auth/password", json={"current_password": PASSWORD, "new_password": "changed pw 1"},
                          headers=bearer(old))
    assert changed.status_code == 200, changed.text
    fresh = changed.json()["access_token"]
    assert client.get("/v3/auth/me", headers=bearer(fresh)).json()["account_id_random"] == tenant.account
    for stale in (old, other_device):
        assert_problem(client.get("/v3/auth/me", headers=bearer(stale)), 401, "invalid_token")
        assert_problem(client.post("/v3/auth/password", json={"current_password": "changed pw 1",
                                                              "new_password": "changed pw 2"},
                                   headers=bearer(stale)), 401, "invalid_token")
    assert login(client, tenant.email, "changed pw 1")


def test_old_tokens_stop_at_once_on_a_worker_that_caches_credentials(client, services, tenant):
    old = login(client, tenant.email)
    assert client.get("/v3/auth/me", headers=bearer(old)).status_code == 200

    async def wait_live():
        for _ in range(100):
            if services.credentials.memo.live:
                return True
            await asyncio.sleep(0.02)
        return False
    assert client.run(wait_live)
    client.get("/v3/auth/me", headers=bearer(old))  # now cached
    client.post("/v3/auth/password", json={"current_password": PASSWORD, "new_password": "changed pw 1"},
                headers=bearer(old))
    assert_problem(client.get("/v3/auth/me", headers=bearer(old)), 401, "invalid_token")


def test_a_token_without_a_version_is_refused(client, tenant, settings):
    user = jwt.decode(login(client, tenant.email), options={"verify_signature": False})["sub"]
    claims = {"sub": user, "exp": int(time.time()) + 600, "iss": "aether"}
    token = jwt.encode(claims, settings.jwt_key, algorithm="HS256")
    assert_problem(client.get("/v3/auth/me", headers=bearer(token)), 401, "invalid_token")
    stale = jwt.encode({**claims, "ver": -1}, settings.jwt_key, algorithm="HS256")
    assert_problem(client.get("/v3/auth/me", headers=bearer(stale)), 401, "invalid_token")


def test_a_password_change_needs_a_persons_login_token(client, tenant):
    body = {"current_password": PASSWORD, "new_password": "changed pw 1"}
    assert_problem(client.post("/v3/auth/password", json=body, headers=tenant.headers()), 403, "person_required")
    assert_problem(client.post("/v3/auth/password", json=body), 401, "unauthorized")
    assert login(client, tenant.email, PASSWORD)


def test_a_person_with_several_accounts_or_none_changes_their_password_without_naming_one(client, services, tenant,
                                                                                         other_tenant):
    address = new_email()
    token = person_in(client, services, (tenant.account, "read"), (other_tenant.account, "read"), email=address)
    body = {"current_password": PASSWORD, "new_password": "changed pw 1"}
    assert client.post("/v3/auth/password", json=body, headers=bearer(token)).status_code == 200
    lonely = person_in(client, services)
    assert client.post("/v3/auth/password", json=body, headers=bearer(lonely)).status_code == 200


def scrypt_hash(password):
    """A hash as Aether made them before argon2: scrypt$N$r$p$salt$digest (unpadded base64url)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return "$".join(["scrypt", "16384", "8", "1", *(base64.urlsafe_b64encode(raw).decode().rstrip("=")
                                                  for raw in (salt, digest))])


def weak_argon2_hash(password):
    return PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(password)


@pytest.mark.parametrize("old_hash", [scrypt_hash, weak_argon2_hash])
def test_a_login_upgrades_an_old_hash_and_earlier_tokens_keep_working(client, tenant, sql, old_hash):
    def stored():
        with sql.cursor() as cursor:
            cursor.execute("SELECT password_hash, token_version FROM user WHERE email = %s", (tenant.email,))
            return cursor.fetchone()
    earlier = login(client, tenant.email)
    with sql.cursor() as cursor:
        cursor.execute("UPDATE user SET password_hash = %s WHERE email = %s", (old_hash(PASSWORD), tenant.email))
    before = stored()
    assert_problem(client.post("/v3/auth/login", json={"email": tenant.email, "password": "not it"}), 401)
    assert stored() == before

    upgrading = login(client, tenant.email)
    after = stored()
    assert after["password_hash"].startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert after["token_version"] == before["token_version"]
    for token in (earlier, upgrading, login(client, tenant.email)):
        assert client.get("/v3/auth/me", headers=bearer(token)).status_code == 200
    assert stored() == after
