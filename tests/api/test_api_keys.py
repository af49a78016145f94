import asyncio
import time

from api import cli
from api.app import create_app
from tests.api.conftest import assert_problem, bearer
from tests.client import AppClient


def test_admin_creates_a_key_shown_once_and_listed_without_secret(client, tenant):
    response = client.post("/v3/auth/api-keys", headers=tenant.headers(), json={"role": "write", "name": "kiosk"})
    assert response.status_code == 201
    created = response.json()
    assert response.headers["location"] == f"/v3/auth/api-keys/{created['id_random']}"
    assert created["key"].startswith("ae_") and created["account_id_random"] == tenant.account
    assert client.get("/v3/auth/me", headers={"x-api-key": created["key"]}).json()["role"] == "write"
    listed = client.get("/v3/auth/api-keys", headers=tenant.headers()).json()["data"]
    mine = [k for k in listed if k["id_random"] == created["id_random"]]
    assert mine and "key" not in mine[0] and "key_hash" not in mine[0]
    assert all(k["account_id_random"] == tenant.account for k in listed)


def test_key_with_an_unknown_role_is_422(client, tenant):
    body = assert_problem(client.post("/v3/auth/api-keys", headers=tenant.headers(), json={"role": "owner"}), 422)
    assert body["field"] == "role"


def test_revoked_key_is_refused_at_once(client, tenant):
    created = client.post("/v3/auth/api-keys", headers=tenant.headers(), json={"role": "read"}).json()
    key = {"x-api-key": created["key"]}
    assert client.get("/v3/auth/me", headers=key).status_code == 200
    assert client.delete(f"/v3/auth/api-keys/{created['id_random']}", headers=tenant.headers()).status_code == 204
    assert_problem(client.get("/v3/auth/me", headers=key), 401, "invalid_api_key")


def test_revoking_a_key_again_is_still_a_204_and_keeps_the_first_revocation_time(client, tenant):
    created = client.post("/v3/auth/api-keys", headers=tenant.headers(), json={"role": "read"}).json()
    url = f"/v3/auth/api-keys/{created['id_random']}"
    assert client.delete(url, headers=tenant.headers()).status_code == 204
    first = [k["revoked_on"] for k in client.get("/v3/auth/api-keys", headers=tenant.headers()).json()["data"]
             if k["id_random"] == created["id_random"]]
    assert client.delete(url, headers=tenant.headers()).status_code == 204
    again = [k["revoked_on"] for k in client.get("/v3/auth/api-keys", headers=tenant.headers()).json()["data"]
             if k["id_random"] == created["id_random"]]
    assert first == again != [None]


def test_revoking_another_accounts_key_is_404(client, tenant, other_tenant):
    created = client.post("/v3/auth/api-keys", headers=other_tenant.headers(), json={"role": "read"}).json()
    response = client.delete(f"/v3/auth/api-keys/{created['id_random']}", headers=tenant.headers())
    assert_problem(response, 404)
    assert client.get("/v3/auth/me", headers={"x-api-key": created["key"]}).status_code == 200


def test_key_revoked_from_the_command_line_stops_working_on_a_running_worker(
        client, tenant, settings, monkeypatch, capsys):
    created = client.post("/v3/auth/api-keys", headers=tenant.headers(), json={"role": "read"}).json()
    key = {"x-api-key": created["key"]}
    with AppClient(create_app(settings)) as worker:
        assert _wait(worker, lambda: worker.get("/v3/auth/me", headers=key).status_code == 200)
        for name, value in (("AE_DB_URL", settings.db_url), ("AE_REDIS_URL", settings.redis_url)):
            monkeypatch.setenv(name, value)
        assert cli.main(["revoke-api-key", f"--id={created['id_random']}"]) == 0
        assert _wait(worker, lambda: worker.get("/v3/auth/me", headers=key).status_code == 401)


def _wait(worker, condition, tries=100):
    """Repeats a request until it shows the expected state (pub/sub delivery is asynchronous)."""
    for _ in range(tries):
        if condition():
            return True
        worker.run(asyncio.sleep, 0.02)
    return False


def test_revoking_from_the_command_line_without_redis_fails_and_says_when_workers_stop(
        client, tenant, settings, monkeypatch, capsys):
    created = client.post("/v3/auth/api-keys", headers=tenant.headers(), json={"role": "read"}).json()
    monkeypatch.setenv("AE_DB_URL", settings.db_url)
    monkeypatch.setenv("AE_REDIS_URL", "redis://127.0.0.1:1/0")
    assert cli.main(["revoke-api-key", "--id", created["id_random"]]) == 1
    said = capsys.readouterr().err
    assert "revoked API key" in said and "were not told" in said and "30 seconds" in said
    keys = client.get("/v3/auth/api-keys", headers=tenant.headers()).json()["data"]
    assert [k["revoked_on"] for k in keys if k["id_random"] == created["id_random"]] != [None]


def test_a_key_revoked_behind_the_apis_back_stops_working_when_its_cache_entry_expires(client, tenant, sql):
    created = client.post("/v3/auth/api-keys", headers=tenant.headers(), json={"role": "read"}).json()
    key = {"x-api-key": created["key"]}
    memo = client.app.state.services.credentials.memo
    assert _wait(client, lambda: memo.live and client.get("/v3/auth/me", headers=key).status_code == 200)
    now = [memo.clock()]
    memo.clock = lambda: now[0]
    try:
        with sql.cursor() as cursor:
            cursor.execute("UPDATE api_key SET revoked_on = NOW(6) WHERE id_random = %s", (created["id_random"],))
        assert client.get("/v3/auth/me", headers=key).status_code == 200  # still cached
        now[0] += memo.lifetime
        assert_problem(client.get("/v3/auth/me", headers=key), 401, "invalid_api_key")
    finally:
        memo.clock = time.monotonic


def test_an_api_key_sent_as_a_bearer_token_is_refused_with_a_hint_to_use_x_api_key(client, tenant):
    for method, url in (("GET", "/v3/auth/me"), ("GET", "/v3/crud/event/"), ("POST", "/v3/auth/password")):
        response = client.request(method, url, json={}, headers=bearer(tenant.keys["admin"]))
        problem = assert_problem(response, 401, "api_key_as_bearer")
        assert problem["detail"] == "This is an API key: send it as the x-api-key header, not as a Bearer token."
        assert "WWW-Authenticate" in response.headers
    assert client.get("/v3/auth/me", headers=tenant.headers()).status_code == 200
