import secrets
import threading
import time

import jwt

from api import login as login_endpoint, tokens
from api.passwords import HASHES_AT_ONCE
from tests.api.conftest import PASSWORD, assert_problem, bearer, login
from tests.client import random_address


def test_login_returns_a_jwt_that_opens_the_api(client, tenant):
    response = client.post("/v3/auth/login", json={"email": tenant.email, "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0
    assert body["accounts"] == [{"id_random": tenant.account, "name": body["accounts"][0]["name"], "role": "admin"}]
    me = client.get("/v3/auth/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json()["account_id_random"] == tenant.account and me.json()["principal"] == "user"


def test_login_with_a_trailing_slash_logs_in_too(client, tenant):
    response = client.post("/v3/auth/login/", json={"email": tenant.email, "password": PASSWORD},
                           follow_redirects=False)
    assert response.status_code == 200, response.text
    assert client.get("/v3/auth/me/", headers=bearer(response.json()["access_token"])).status_code == 200


def test_login_with_wrong_password_is_401(client, tenant):
    response = client.post("/v3/auth/login", json={"email": tenant.email, "password": "wrong"})
    assert_problem(response, 401, "invalid_login")
    assert "WWW-Authenticate" in response.headers


def test_login_with_unknown_email_is_the_same_401(client):
    email = f"nobody-{secrets.token_hex(4)}@nowhere.test"
    response = client.post("/v3/auth/login", json={"email": email, "password": "x"})
    assert_problem(response, 401, "invalid_login")


def test_a_burst_of_logins_hashes_at_most_two_passwords_at_once(client, tenant, monkeypatch):
    """Each argon2 check holds 64 MiB and 4 threads: a burst waits its turn instead of piling up."""
    running, most, lock = [0], [0], threading.Lock()
    verify = login_endpoint.verify_password

    def counted(password, stored):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            return verify(password, stored)
        finally:
            with lock:
                running[0] -= 1
    monkeypatch.setattr(login_endpoint, "verify_password", counted)
    bodies = [{"email": f"nobody-{n}-{secrets.token_hex(4)}@nowhere.test", "password": "wrong"} for n in range(11)]
    responses = client.at(random_address()).concurrently("POST", "/v3/auth/login",
                                                        [*bodies, {"email": tenant.email, "password": PASSWORD}])
    assert [r.status_code for r in responses] == [401] * 11 + [200]
    assert most[0] == HASHES_AT_ONCE == 2


def test_login_without_fields_is_422_naming_the_field(client):
    body = assert_problem(client.post("/v3/auth/login", json={"email": "a@b.test"}), 422, "invalid_field")
    assert body["field"] == "password"


def test_login_with_a_body_that_is_not_json_is_400(client):
    assert_problem(client.post("/v3/auth/login", content=b"{nope"), 400, "invalid_json")


def test_expired_token_is_refused(client, tenant, settings):
    user = _user_of(client, tenant)
    token = tokens.issue_jwt(user, settings.jwt_key, 60, version=0, now=time.time() - 3600)
    assert_problem(client.get("/v3/auth/me", headers=bearer(token)), 401, "token_expired")


def test_token_with_a_bad_signature_is_refused(client, tenant):
    token = tokens.issue_jwt(_user_of(client, tenant), "another-key-" + "y" * 40, 600, version=0)
    assert_problem(client.get("/v3/auth/me", headers=bearer(token)), 401, "invalid_token")


def test_token_with_algorithm_none_is_refused(client, tenant):
    claims = {"sub": _user_of(client, tenant), "exp": int(time.time()) + 600, "iss": "aether"}
    token = jwt.encode(claims, None, algorithm="none")
    assert_problem(client.get("/v3/auth/me", headers=bearer(token)), 401, "invalid_token")


def test_token_signed_with_another_hmac_algorithm_is_refused(client, tenant, settings):
    claims = {"sub": _user_of(client, tenant), "exp": int(time.time()) + 600, "iss": "aether"}
    token = jwt.encode(claims, settings.jwt_key, algorithm="HS512")
    assert_problem(client.get("/v3/auth/me", headers=bearer(token)), 401, "invalid_token")


def test_garbage_token_is_refused(client):
    assert_problem(client.get("/v3/auth/me", headers=bearer("not.a.token")), 401, "invalid_token")


def test_authorization_without_bearer_is_refused(client):
    response = client.get("/v3/auth/me", headers={"authorization": "Basic dXNlcjpwYXNz"})
    assert_problem(response, 401)


def _user_of(client, tenant):
    return jwt.decode(login(client, tenant.email), options={"verify_signature": False})["sub"]
